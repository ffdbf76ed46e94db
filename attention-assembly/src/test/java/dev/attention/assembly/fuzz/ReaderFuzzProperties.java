package dev.attention.assembly.fuzz;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import dev.attention.api.AttentionException;
import dev.attention.api.DType;
import dev.attention.api.Tensor;
import dev.attention.assembly.config.ConfigLoader;
import dev.attention.assembly.data.CsvChunks;
import dev.attention.assembly.data.DataLoader;
import dev.attention.io.tensor.Npy;
import dev.attention.io.tensor.Safetensors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Every file reader a run uses, fed random mutations of a valid file: each read returns a result
 * or throws an {@link AttentionException} with a one-line message, never another exception. The
 * number of tries is {@code jqwik.tries.default} (200 in this module's junit-platform.properties);
 * a longer run is documented in the README's testing section.
 */
class ReaderFuzzProperties {
    private static final Path DIR = tempDir();

    private static final String YAML = String.join("\n",
            "name: fuzz",
            "seed: 7",
            "dtype: float64",
            "pipeline:",
            "  variant: global",
            "  alignment: {id: scaled-dot, scale: 0.5}",
            "  distribution: softmax",
            "inputs:",
            "  keys:    {data: [[1.0, 2.0], [3.0, 4.0]]}",
            "  values:  {file: train.csv, columns: [y], header: true}",
            "  queries: {file: test.npy}",
            "output: {weights: true, format: csv}",
            "");
    private static final String JSON = "{\"name\": \"fuzz\", \"pipeline\": {\"variant\": \"global\", \"alignment\":"
            + " \"dot\", \"distribution\": {\"id\": \"softmax\", \"temperature\": 2}}, \"inputs\": {\"keys\":"
            + " {\"file\": \"train.csv\", \"columns\": [\"x\", 1]}, \"queries\": {\"data\": [[1.5]]}}}\n";
    private static final String CSV = "doc,x,y\n\"a\",1.5,2\na,2e3,-4\n\nb,\"3\",5.25\n";

    private static Path tempDir() {
        try {
            Path d = Files.createTempDirectory("attention-reader-fuzz");
            d.toFile().deleteOnExit();
            return d;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Provide
    Arbitrary<List<Mutation>> mutations() {
        return Mutation.lists();
    }

    @Property
    void yaml_config(@ForAll("mutations") List<Mutation> m) {
        read("config.yaml", Mutation.apply(YAML.getBytes(StandardCharsets.UTF_8), m), f -> new ConfigLoader().load(f));
    }

    @Property
    void json_config(@ForAll("mutations") List<Mutation> m) {
        read("config.json", Mutation.apply(JSON.getBytes(StandardCharsets.UTF_8), m), f -> new ConfigLoader().load(f));
    }

    @Property
    void csv_whole_and_grouped(@ForAll("mutations") List<Mutation> m) {
        byte[] bytes = Mutation.apply(CSV.getBytes(StandardCharsets.UTF_8), m);
        read("data.csv", bytes, f -> new DataLoader().readCsv(f, List.of(), true, Optional.empty()));
        read("data.csv", bytes, f -> new DataLoader().readCsv(f, List.of("x", "y"), true, Optional.of("doc")));
    }

    @Property
    void csv_in_chunks(@ForAll("mutations") List<Mutation> m) {
        read("data.csv", Mutation.apply(CSV.getBytes(StandardCharsets.UTF_8), m), f -> {
            try (CsvChunks c = CsvChunks.open(f, List.of(1, 2), true, 2)) {
                while (c.next().isPresent()) {
                    // Read to the end.
                }
            }
        });
    }

    @Property
    void npy(@ForAll("mutations") List<Mutation> m) {
        read("data.npy", Mutation.apply(VALID_NPY, m), Npy::read);
    }

    @Property
    void safetensors(@ForAll("mutations") List<Mutation> m) {
        byte[] bytes = Mutation.apply(VALID_SAFETENSORS, m);
        read("data.safetensors", bytes, f -> Safetensors.read(f));
        read("data.safetensors", bytes, f -> Safetensors.read(f, "w"));
    }

    private static final byte[] VALID_NPY = bytes("valid.npy", f -> Npy.write(f,
            Tensor.of(DType.FLOAT32, new int[] {2, 3}, new double[] {1, -2, 3.5, 0, 1e-3, 7})));
    private static final byte[] VALID_SAFETENSORS = bytes("valid.safetensors", f -> Safetensors.write(f,
            Map.of("w", Tensor.of(DType.FLOAT64, new int[] {2, 2}, new double[] {1, 2, 3, 4}),
                    "b", Tensor.of(DType.FLOAT32, new int[] {1, 2}, new double[] {0.5, -0.5})), Map.of("k", "v")));

    private interface Reader {
        void read(Path file) throws Exception;
    }

    private interface Writer {
        void write(Path file) throws IOException;
    }

    private static byte[] bytes(String name, Writer w) {
        try {
            Path f = DIR.resolve(name);
            w.write(f);
            byte[] b = Files.readAllBytes(f);
            Files.delete(f);
            return b;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@code bytes} to {@code name} and reads it: a result, or one clear line. */
    private static void read(String name, byte[] bytes, Reader reader) {
        Path f = DIR.resolve(name);
        try {
            Files.write(f, bytes);
            // The inputs a config names exist, so binding gets as far as it can.
            Files.writeString(DIR.resolve("train.csv"), "x,y\n1,2\n3,4\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            reader.read(f);
        } catch (AttentionException e) {
            String message = e.getMessage();
            assertFalse(message == null || message.isBlank(), "an error without a message");
            assertFalse(message.contains("\n") || message.contains("\r"), () -> "not one line: " + message);
        } catch (Throwable t) {
            fail(name + ": " + t.getClass().getName() + " instead of one clear line: " + t.getMessage(), t);
        }
    }
}
