package dev.attention.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.AttentionResult;
import dev.attention.api.Parameters;
import dev.attention.api.Tensor;
import dev.attention.core.Attention;
import dev.attention.core.AttentionEngine;
import dev.attention.core.Job;
import dev.attention.train.fit.FitResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fit on Spark ({@code local[2]}, each step's examples in several parts on two executor threads)
 * against {@code attention fit} on the same shipped examples ({@code engine.fit(job)}, what the
 * command line calls), with fewer epochs to stay quick: the same parameters and losses within 1e-9
 * in float64, full batch (kernel regression, leave-one-out) and mini-batch with a validation split,
 * a head and early stopping (which element matters).
 */
class SparkFitTest {
    private static final double TOLERANCE = 1e-9;
    @TempDir
    static Path dir;
    private static SparkSession spark;
    private static AttentionEngine engine;

    @BeforeAll
    static void start() {
        spark = SharedSpark.get();
        engine = Attention.engine();
    }

    /** The example's fit config with {@code epochs} epochs, beside copies of its data files. */
    private static Path example(String name, String copy, int epochs, String... files) throws IOException {
        Path src = MainTest.EXAMPLES.resolve(name);
        Path to = Files.createDirectories(dir.resolve(copy));
        for (String f : files) {
            Files.copy(src.resolve(f), to.resolve(f));
        }
        // Fewer, larger steps than the example's keep the test quick; still several steps per epoch.
        String yaml = Files.readString(src.resolve("fit.yaml")).replaceAll("(?m)^(\\s*epochs:) \\d+", "$1 " + epochs)
                .replaceAll("(?m)^(\\s*batch-size:) \\d+", "$1 250");
        return Files.writeString(to.resolve("fit.yaml"), yaml);
    }

    @Test
    void full_batch_leave_one_out_kernel_regression_equals_attention_fit() throws IOException {
        Path config = example("kernel-regression", "kr", 25, "train.csv");
        FitResult local = engine.fit(engine.load(config));
        FitResult onSpark = AttentionSpark.fit(spark, PipelineConfig.file(config), 3);
        assertSameFit(local, onSpark);
    }

    @Test
    void mini_batch_with_a_head_and_validation_equals_attention_fit() throws IOException {
        Path config = example("which-element-matters", "wem", 3, "train.csv", "train-labels.csv");
        FitResult local = engine.fit(engine.load(config));
        FitResult onSpark = AttentionSpark.fit(spark, PipelineConfig.file(config), 4);
        assertSameFit(local, onSpark);
    }

    @Test
    void images_with_2d_positions_fit_on_spark_as_attention_fit() throws IOException {
        // The executors must learn the image grid (sinusoidal-2d positions) as the engine's loader does.
        Path config = example("images", "img", 2, "train.npy", "train-labels.csv");
        // The example's .npy is float32; the 1e-9 promise is float64's (float32 rounds per part).
        Files.writeString(config, "dtype: float64\n" + Files.readString(config));
        FitResult local = engine.fit(engine.load(config));
        FitResult onSpark = AttentionSpark.fit(spark, PipelineConfig.file(config), 3);
        assertSameFit(local, onSpark);
    }

    @Test
    void the_fit_command_writes_what_attention_fit_writes_and_its_parameters_load() throws IOException {
        Path config = example("kernel-regression", "cmd", 10, "train.csv");
        Path out = dir.resolve("fitted-on-spark");
        List<Path> written = Main.fit(spark, FitArgs.parse(new String[] {"fit", config.toString(), out.toString()}));
        assertEquals(List.of("checkpoint.safetensors", "parameters.safetensors", "training.json"),
                written.stream().map(p -> p.getFileName().toString()).sorted().toList());
        Path cli = dir.resolve("fitted-locally");
        Job job = engine.load(config);
        engine.writeFit(job, engine.fit(job), cli);
        String predict = "name: predict\npipeline: {variant: global, alignment: gaussian}\n"
                + "inputs:\n  keys: {file: train.csv, columns: [x]}\n  values: {file: train.csv, columns: [y]}\n"
                + "  queries: {file: train.csv, columns: [x]}\nparameters: %s\n";
        Tensor a = run(config.resolveSibling("a.yaml"), String.format(predict, out.resolve("parameters.safetensors")));
        Tensor b = run(config.resolveSibling("b.yaml"), String.format(predict, cli.resolve("parameters.safetensors")));
        assertArrayEquals(b.toDoubleArray(), a.toDoubleArray(), TOLERANCE);
    }

    @Test
    void a_config_without_a_file_is_refused_in_one_line() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AttentionSpark.fit(spark, PipelineConfig.yaml("name: x"), 2));
        assertTrue(e.getMessage().contains("reads a config file"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FitArgs.parse(new String[] {"fit", "c.yaml"}));
        assertThrows(IllegalArgumentException.class,
                () -> FitArgs.parse(new String[] {"fit", "c.yaml", "d", "--partitions", "0"}));
    }

    private static Tensor run(Path file, String yaml) throws IOException {
        Files.writeString(file, yaml);
        AttentionResult r = engine.run(engine.load(file));
        return r.output();
    }

    private static void assertSameFit(FitResult local, FitResult onSpark) {
        Map<String, Tensor> a = all(local);
        Map<String, Tensor> b = all(onSpark);
        assertEquals(a.keySet(), b.keySet());
        a.forEach((n, t) -> {
            assertArrayEquals(t.shape(), b.get(n).shape(), n);
            assertArrayEquals(t.toDoubleArray(), b.get(n).toDoubleArray(), TOLERANCE, n);
        });
        assertEquals(local.history().epochs().size(), onSpark.history().epochs().size());
        for (int e = 0; e < local.history().epochs().size(); e++) {
            var x = local.history().epochs().get(e);
            var y = onSpark.history().epochs().get(e);
            assertEquals(x.trainLoss(), y.trainLoss(), TOLERANCE, "train loss, epoch " + x.epoch());
            assertEquals(x.validationLoss(), y.validationLoss(), TOLERANCE, "validation loss, epoch " + x.epoch());
        }
        assertEquals(local.bestEpoch(), onSpark.bestEpoch());
    }

    private static Map<String, Tensor> all(FitResult r) {
        Map<String, Tensor> out = new LinkedHashMap<>(r.pipeline().parameters().asMap());
        r.head().map(h -> h.parameters()).map(Parameters::asMap).ifPresent(out::putAll);
        return out;
    }
}
