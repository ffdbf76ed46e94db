package dev.attention.variants;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.AttentionException;
import dev.attention.api.ConfigException;
import dev.attention.api.DType;
import dev.attention.api.DataException;
import dev.attention.api.Parameters;
import dev.attention.api.Tensor;
import dev.attention.api.spi.TensorImport;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Formats {@code llama} and {@code bert}: a layer of a checkpoint mapped onto multi-head by its names,
 * element for element, with the checkpoint's other tensors ignored, and the refusals of a file that
 * is not the family's layout. That the mapped values give the layers' outputs is checked end to end in
 * attention-core (PretrainedLayersTest).
 */
class PresetLayerImportTest {
    private static final Path FILE = Path.of("model.safetensors");
    private static final String LLAMA = "model.layers.2.self_attn.";
    private static final String BERT = "bert.encoder.layer.1.";
    private final Random random = new Random(22);

    private static TensorImport format(String id) {
        return Fixtures.provider("multi-head").imports().stream().filter(i -> i.format().equals(id)).findFirst()
                .orElseThrow();
    }

    private Tensor random(int rows, int cols) {
        Tensor.Builder b = Tensor.builder(DType.FLOAT32, rows, cols);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                b.set(0, i, j, (float) random.nextGaussian());
            }
        }
        return b.build();
    }

    /** 4 heads of 2 over 2 kv heads, E = 8, with an MLP and a LayerNorm below the prefix and another layer. */
    private Map<String, Tensor> llama() {
        Map<String, Tensor> t = new TreeMap<>();
        t.put(LLAMA + "q_proj.weight", random(8, 8));
        t.put(LLAMA + "k_proj.weight", random(4, 8));
        t.put(LLAMA + "v_proj.weight", random(4, 8));
        t.put(LLAMA + "o_proj.weight", random(8, 8));
        t.put(LLAMA + "rotary_emb.inv_freq", random(1, 1));
        t.put("model.layers.2.mlp.up_proj.weight", random(5, 8));
        t.put("model.layers.0.self_attn.q_proj.weight", random(8, 8));
        return t;
    }

    private Map<String, Tensor> bert() {
        Map<String, Tensor> t = new TreeMap<>();
        for (String p : List.of("attention.self.query", "attention.self.key", "attention.self.value",
                "attention.output.dense")) {
            t.put(BERT + p + ".weight", random(6, 6));
            t.put(BERT + p + ".bias", random(6, 1));
        }
        t.put(BERT + "attention.output.LayerNorm.weight", random(6, 1));
        t.put(BERT + "output.dense.weight", random(6, 9));
        return t;
    }

    private static Parameters multiHead(int e, Map<String, ?> settings) {
        return MultiHeadPropertyTest.create(settings, e, 0).parameters();
    }

    private static final Map<String, Object> LLAMA_PIPELINE = Map.of("heads", 4, "kv-heads", 2, "bias", false);

    @Test
    void llama_takes_its_four_projections_and_ignores_the_rest() {
        Map<String, Tensor> t = llama();
        TensorImport.Imported m = format("llama").map(FILE, t, LLAMA, multiHead(8, LLAMA_PIPELINE));
        assertEquals(List.of("variant.W_q", "variant.W_k", "variant.W_v", "variant.W_o"),
                List.copyOf(m.parameters().names()));
        for (String[] p : new String[][] {{"W_q", "q_proj"}, {"W_k", "k_proj"}, {"W_v", "v_proj"}, {"W_o", "o_proj"}}) {
            assertEquals(t.get(LLAMA + p[1] + ".weight"), m.parameters().get("variant." + p[0]));
            assertEquals(LLAMA + p[1] + ".weight", m.sources().get("variant." + p[0]));
        }
    }

    @Test
    void bert_takes_weights_and_biases_as_rows() {
        Map<String, Tensor> t = bert();
        TensorImport.Imported m = format("bert").map(FILE, t, BERT, multiHead(6, Map.of("heads", 3)));
        assertEquals(8, m.parameters().size());
        Tensor b = m.parameters().get("variant.b_k");
        assertEquals(List.of(1, 6), List.of(b.rows(), b.cols()));
        for (int j = 0; j < 6; j++) {
            assertEquals(t.get(BERT + "attention.self.key.bias").get(j, 0), b.get(0, j));
        }
        assertEquals(t.get(BERT + "attention.output.dense.weight"), m.parameters().get("variant.W_o"));
    }

    @Test
    void a_llama_file_of_inconsistent_shapes_is_refused_by_tensor() {
        Parameters p = multiHead(8, LLAMA_PIPELINE);
        Map<String, Tensor> t = llama();
        t.put(LLAMA + "v_proj.weight", random(6, 8));
        contains(DataException.class, () -> format("llama").map(FILE, t, LLAMA, p),
                "tensor '" + LLAMA + "v_proj.weight': has 6 rows but " + LLAMA + "k_proj.weight has 4");
        Map<String, Tensor> o = llama();
        o.put(LLAMA + "o_proj.weight", random(8, 6));
        contains(DataException.class, () -> format("llama").map(FILE, o, LLAMA, p),
                "tensor '" + LLAMA + "o_proj.weight': shape [8, 6] is not [hidden_size, num_attention_heads · head_dim]"
                        + " = [8, 8]");
        Map<String, Tensor> k = llama();
        k.put(LLAMA + "k_proj.weight", random(3, 8));
        k.put(LLAMA + "v_proj.weight", random(3, 8));
        contains(DataException.class, () -> format("llama").map(FILE, k, LLAMA, p), "has 3 rows, which do not divide");
        Map<String, Tensor> bias = bert();
        bias.put(BERT + "attention.self.key.bias", random(6, 6));
        contains(DataException.class, () -> format("bert").map(FILE, bias, BERT, multiHead(6, Map.of("heads", 3))),
                "tensor '" + BERT + "attention.self.key.bias': shape [6, 6] is not a vector [n]");
    }

    @Test
    void a_missing_tensor_names_the_prefix_to_set() {
        Parameters p = multiHead(8, LLAMA_PIPELINE);
        contains(DataException.class, () -> format("llama").map(FILE, llama(), "", p),
                "no tensor 'q_proj.weight'", "the file has model.layers.0.self_attn.q_proj.weight (and 1 more): set"
                        + " prefix: model.layers.0.self_attn.");
        contains(DataException.class, () -> format("bert").map(FILE, llama(), BERT, multiHead(6, Map.of("heads", 3))),
                "no tensor '" + BERT + "attention.self.query.weight'", "not a BERT checkpoint");
    }

    @Test
    void the_pipeline_must_be_the_layer() {
        contains(ConfigException.class, () -> format("llama").map(FILE, llama(), LLAMA,
                multiHead(8, Map.of("heads", 4, "bias", false))), "k_proj.weight has 4 rows", "set kv-heads to heads / 2");
        contains(ConfigException.class, () -> format("llama").map(FILE, llama(), LLAMA,
                multiHead(8, Map.of("heads", 4, "kv-heads", 2, "bias", false, "positional", "learned"))),
                "a Llama layer has no values for the pipeline's variant.positions");
        contains(ConfigException.class, () -> format("bert").map(FILE, bert(), BERT,
                multiHead(6, Map.of("heads", 3, "bias-o", false))), "format bert gives variant.b_o but the pipeline"
                        + " has no such parameter");
        contains(ConfigException.class, () -> format("bert").map(FILE, bert(), BERT,
                multiHead(6, Map.of("heads", 3, "head-dim", 4))), "the layer's query has 6 rows (hidden_size) but"
                        + " the pipeline's W_q has 12");
    }

    private static void contains(Class<? extends AttentionException> type, Executable call, String... parts) {
        String m = assertThrows(type, call).getMessage();
        for (String p : parts) {
            assertTrue(m.contains(p), "expected '" + p + "' in: " + m);
        }
    }
}
