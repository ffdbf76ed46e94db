package dev.attention.core;

import static dev.attention.core.TorchReference.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.AttentionException;
import dev.attention.api.AttentionResult;
import dev.attention.api.ConfigException;
import dev.attention.api.DType;
import dev.attention.api.DataException;
import dev.attention.api.Tensor;
import dev.attention.io.tensor.Npy;
import dev.attention.io.tensor.Safetensors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Llama-style and a BERT-style attention layer run from checkpoints stored under their usual tensor
 * names, with the other tensors a checkpoint holds, and reproduce the outputs of their published
 * formulas (tools/make_pretrained_layers.py): by the presets {@code format: llama} / {@code bert} and
 * by a config's own name map; and the one-line refusals of both.
 */
class PretrainedLayersTest {
    private static final AttentionEngine ENGINE = Attention.engine();
    private static final String BERT = "bert.encoder.layer.0.";
    private static final String LLAMA = "model.layers.1.self_attn.";

    @TempDir
    Path tmp;

    /** A copy of the folder {@code pretrained/<family>} in the temporary folder. */
    private Path folder(String family) {
        try {
            Path from = Path.of(PretrainedLayersTest.class.getResource("/pretrained/" + family).toURI());
            Path to = Files.createDirectories(tmp.resolve(family));
            try (Stream<Path> files = Files.list(from)) {
                for (Path f : files.toList()) {
                    Files.copy(f, to.resolve(f.getFileName()));
                }
            }
            return to;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The folder's config.yaml with its parameters: line replaced. */
    private static Path withParameters(Path folder, String parameters) throws IOException {
        Path config = folder.resolve("config.yaml");
        String text = Files.readString(config).replaceAll("(?m)^parameters: .*$", "parameters: " + parameters);
        return Files.writeString(config, text);
    }

    private static Tensor run(Path config) {
        AttentionResult r = ENGINE.run(ENGINE.load(config));
        return r.output();
    }

    @Test
    void a_llama_layer_with_grouped_query_heads_and_rotary_positions_reproduces_its_formula() {
        Path f = folder("llama");
        assertClose(Npy.read(f.resolve("output.npy")), run(f.resolve("config.yaml")), "llama output");
    }

    @Test
    void a_bert_layer_with_padding_reproduces_its_formula_up_to_the_output_dense() {
        Path f = folder("bert");
        assertClose(Npy.read(f.resolve("output.npy")), run(f.resolve("config.yaml")), "bert output");
    }

    @Test
    void the_llama_preset_takes_its_layer_and_widens_float16_exactly() {
        Path f = folder("llama");
        Job job = ENGINE.load(f.resolve("config.yaml"));
        Tensor stored = Safetensors.read(f.resolve("model.safetensors"), LLAMA + "k_proj.weight");
        assertEquals(DType.FLOAT32, stored.dtype());
        assertEquals(stored.to(DType.FLOAT64), job.pipeline().parameters().get("variant.W_k"));
        // Layer 0 is a different layer: the prefix chose layer 1.
        Tensor other = Safetensors.read(f.resolve("model.safetensors"), "model.layers.0.self_attn.k_proj.weight");
        assertFalse(other.to(DType.FLOAT64).equals(job.pipeline().parameters().get("variant.W_k")));
    }

    @Test
    void a_name_map_loads_the_bert_layer_and_ignores_the_rest_of_the_file() throws IOException {
        Path f = folder("bert");
        Path config = withParameters(f, "{file: model.safetensors, prefix: " + BERT + ", names: {"
                + "variant.W_q: attention.self.query.weight, variant.b_q: attention.self.query.bias,"
                + " variant.W_k: attention.self.key.weight, variant.b_k: attention.self.key.bias,"
                + " variant.W_v: attention.self.value.weight, variant.b_v: attention.self.value.bias,"
                + " variant.W_o: attention.output.dense.weight, variant.b_o: attention.output.dense.bias}}");
        assertClose(Npy.read(f.resolve("output.npy")), run(config), "bert output by names");
    }

    @Test
    void a_name_map_refuses_what_it_leaves_out_unless_partial() throws IOException {
        Path f = folder("bert");
        String names = "names: {variant.W_q: " + BERT + "attention.self.query.weight}";
        String m = oneLine(ConfigException.class, withParameters(f, "{file: model.safetensors, " + names + "}"));
        contains(m, "config.yaml:10:13: parameters.names", "names gives no tensor for variant.W_k, variant.W_o,",
                "would stay random", "partial: true");
        Job job = ENGINE.load(withParameters(f, "{file: model.safetensors, partial: true, " + names + "}"));
        assertEquals(Safetensors.read(f.resolve("model.safetensors"), BERT + "attention.self.query.weight")
                .to(DType.FLOAT64), job.pipeline().parameters().get("variant.W_q"));
    }

    @Test
    void a_name_map_names_the_entry_that_is_wrong() throws IOException {
        Path f = folder("bert");
        String file = "{file: model.safetensors, partial: true, names: {";
        contains(oneLine(ConfigException.class, withParameters(f, file + "variant.W_q: " + BERT
                + "attention.self.querry.weight}}")), "parameters.names.variant.W_q", "has no tensor '" + BERT
                + "attention.self.querry.weight'", "did you mean '" + BERT + "attention.self.query.weight'?");
        contains(oneLine(ConfigException.class, withParameters(f, file + "variant.W_qq: " + BERT
                + "attention.self.query.weight}}")), "parameters.names.variant.W_qq", "'variant.W_qq' is not a"
                + " parameter of", "did you mean 'variant.W_q'?");
        contains(oneLine(ConfigException.class, withParameters(f, file + "variant.W_q: " + BERT
                + "intermediate.dense.weight}}")), "parameters.names.variant.W_q", "'" + BERT
                + "intermediate.dense.weight' is [24, 16] but variant.W_q is [16, 16]");
        contains(oneLine(ConfigException.class, withParameters(f, file + "variant.W_q: " + BERT
                + "output.dense.weight}}")), "[16, 24] but variant.W_q is [16, 16]");
        contains(oneLine(ConfigException.class, withParameters(f, "{file: model.safetensors, format: bert, names:"
                + " {variant.W_q: q}}")), "names and format are two ways");
        contains(oneLine(ConfigException.class, withParameters(f, "{file: model.safetensors, partial: true}")),
                "partial applies to a name map only");
    }

    @Test
    void the_llama_preset_checks_the_pipeline_against_the_layer() throws IOException {
        Path f = folder("llama");
        Path config = f.resolve("config.yaml");
        String text = Files.readString(config);
        Files.writeString(config, text.replace("kv-heads: 2, ", ""));
        contains(oneLine(ConfigException.class, config), "parameters", LLAMA + "k_proj.weight has 16 rows",
                "1/2 of q_proj's", "the pipeline's W_k has 32", "set kv-heads to heads / 2");
        Files.writeString(config, text.replace("bias: false, ", ""));
        contains(oneLine(ConfigException.class, config), "a Llama layer has no values for the pipeline's variant.b_k,",
                "bias: false");
        Files.writeString(config, text.replace("heads: 4, kv-heads: 2", "heads: 4, kv-heads: 2, head-dim: 4"));
        contains(oneLine(ConfigException.class, config), "q_proj.weight has 32 rows",
                "the pipeline's W_q has 16 (heads · head-dim)");
        Files.writeString(config, text.replace("prefix: " + LLAMA, "prefix: model.layers.7.self_attn."));
        contains(oneLine(DataException.class, config), "no tensor 'model.layers.7.self_attn.q_proj.weight'",
                "the file has model.layers.0.self_attn.q_proj.weight (and 1 more): set prefix: model.layers.0.self_attn.");
    }

    @Test
    void the_bert_preset_refuses_a_layer_of_another_width_and_a_pipeline_without_biases() throws IOException {
        Path f = folder("bert");
        Path config = f.resolve("config.yaml");
        String text = Files.readString(config);
        Files.writeString(config, text.replace("heads: 4}", "heads: 4, bias: false}"));
        contains(oneLine(ConfigException.class, config), "format bert gives variant.b_k,",
                "but the pipeline has no such parameter", "bias: true");
        Map<String, Tensor> t = new TreeMap<>(Safetensors.read(f.resolve("model.safetensors")).tensors());
        t.put(BERT + "attention.self.key.bias", Tensor.zeros(DType.FLOAT32, 5, 1));
        Safetensors.write(f.resolve("model.safetensors"), t, Map.of());
        Files.writeString(config, text);
        contains(oneLine(DataException.class, config), "tensor '" + BERT + "attention.self.key.bias': shape [5]"
                + " is not [16]");
    }

    private static <E extends AttentionException> String oneLine(Class<E> type, Path config) {
        E e = assertThrows(type, () -> ENGINE.load(config));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        return e.getMessage();
    }

    private static void contains(String message, String... parts) {
        for (String p : parts) {
            assertTrue(message.contains(p), "expected '" + p + "' in: " + message);
        }
    }
}
