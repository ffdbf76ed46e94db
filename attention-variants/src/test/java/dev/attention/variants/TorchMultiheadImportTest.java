package dev.attention.variants;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

/**
 * Format {@code torch-mha}: an {@code nn.MultiheadAttention} state dict mapped onto multi-head by
 * names, element for element (checked by index against the PyTorch layout), and its refusals.
 * That the mapped values give PyTorch's outputs is checked end to end in attention-core.
 */
class TorchMultiheadImportTest {
    private static final Path FILE = Path.of("mha.safetensors");
    private static final TensorImport IMPORT = Fixtures.provider("multi-head").imports().get(0);
    private final Random random = new Random(20);

    /** 1-d tensors are read as columns [n, 1], as the safetensors reader gives them. */
    private Tensor random(int rows, int cols) {
        Tensor.Builder b = Tensor.builder(DType.FLOAT32, rows, cols);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                b.set(0, i, j, (float) random.nextGaussian());
            }
        }
        return b.build();
    }

    private Map<String, Tensor> packed(int e, boolean bias) {
        Map<String, Tensor> d = new TreeMap<>();
        d.put("in_proj_weight", random(3 * e, e));
        d.put("out_proj.weight", random(e, e));
        if (bias) {
            d.put("in_proj_bias", random(3 * e, 1));
            d.put("out_proj.bias", random(e, 1));
        }
        return d;
    }

    /** The parameters of a real multi-head variant over a sequence of width {@code e}. */
    private static Parameters multiHead(int e, Map<String, ?> settings) {
        return MultiHeadPropertyTest.create(settings, e, 0).parameters();
    }

    @Test
    void bias_k_and_bias_v_of_shape_1_1_e_become_rows_after_the_biases() {
        int e = 4;
        Map<String, Tensor> d = packed(e, true);
        // PyTorch's bias_k, bias_v are [1, 1, E].
        d.put("bias_k", random(1, e).reshape(1, 1, e));
        d.put("bias_v", random(1, e).reshape(1, 1, e));
        TensorImport.Imported m = IMPORT.map(FILE, d, "", multiHead(e, Map.of("heads", 2, "add-bias-kv", true,
                "add-zero-attn", true)));
        assertEquals(List.of("variant.W_q", "variant.W_k", "variant.W_v", "variant.W_o", "variant.b_q", "variant.b_k",
                "variant.b_v", "variant.b_o", "variant.bias_k", "variant.bias_v"), List.copyOf(m.parameters().names()));
        for (String name : List.of("bias_k", "bias_v")) {
            Tensor t = m.parameters().get("variant." + name);
            assertEquals(List.of(1, e), List.of(t.rows(), t.cols()));
            for (int c = 0; c < e; c++) {
                assertEquals(d.get(name).at(c), t.get(0, c), name + "[" + c + "]");
            }
            assertEquals(name, m.sources().get("variant." + name));
        }
    }

    @Test
    void multi_head_declares_the_format() {
        assertEquals(List.of("torch-mha", "llama", "bert"), Fixtures.provider("multi-head").imports().stream().map(TensorImport::format).toList());
        assertTrue(IMPORT.description().contains("save_file(mha.state_dict()"), IMPORT.description());
        assertTrue(IMPORT.shapeHint().contains("embed_dim"), IMPORT.shapeHint());
    }

    @Test
    void the_packed_projection_splits_by_rows_and_biases_become_rows() {
        int e = 4;
        Map<String, Tensor> d = packed(e, true);
        TensorImport.Imported m = IMPORT.map(FILE, d, "", multiHead(e, Map.of("heads", 2)));
        assertEquals(List.of("variant.W_q", "variant.W_k", "variant.W_v", "variant.W_o", "variant.b_q", "variant.b_k",
                "variant.b_v", "variant.b_o"), List.copyOf(m.parameters().names()));
        Tensor in = d.get("in_proj_weight");
        Tensor inBias = d.get("in_proj_bias");
        List<String> qkv = List.of("q", "k", "v");
        for (int p = 0; p < 3; p++) {
            Tensor w = m.parameters().get("variant.W_" + qkv.get(p));
            Tensor b = m.parameters().get("variant.b_" + qkv.get(p));
            assertEquals(List.of(e, e), List.of(w.rows(), w.cols()));
            assertEquals(List.of(1, e), List.of(b.rows(), b.cols()));
            for (int i = 0; i < e; i++) {
                for (int j = 0; j < e; j++) {
                    assertEquals(in.get(p * e + i, j), w.get(i, j), "W_" + qkv.get(p) + " " + i + "," + j);
                }
                assertEquals(inBias.get(p * e + i, 0), b.get(0, i), "b_" + qkv.get(p) + " " + i);
            }
            assertEquals("in_proj_weight", m.sources().get("variant.W_" + qkv.get(p)));
            assertEquals("in_proj_bias", m.sources().get("variant.b_" + qkv.get(p)));
        }
        assertEquals(d.get("out_proj.weight"), m.parameters().get("variant.W_o"));
        assertEquals(d.get("out_proj.bias").reshape(1, e), m.parameters().get("variant.b_o"));
        assertEquals("out_proj.bias", m.sources().get("variant.b_o"));
        assertEquals(DType.FLOAT32, m.parameters().get("variant.W_q").dtype(), "the stored dtype is kept");
        // The names and shapes are the variant's own: it takes the values as they are.
        MultiHeadPropertyTest.create(Map.of("heads", 2), e, 0).withParameters(m.parameters());
    }

    @Test
    void separate_projections_map_one_to_one_and_no_bias_fits_bias_false() {
        int e = 4;
        Map<String, Tensor> d = new TreeMap<>();
        d.put("q_proj_weight", random(e, e));
        d.put("k_proj_weight", random(e, 3));
        d.put("v_proj_weight", random(e, 2));
        d.put("out_proj.weight", random(e, e));
        Parameters pipeline = InputFixtures.create(Fixtures.provider("multi-head"), Map.of("inputs", "cross", "bias", false),
                Map.of("queries", e, "keys", 3, "values", 2)).parameters();
        TensorImport.Imported m = IMPORT.map(FILE, d, "", pipeline);
        assertEquals(List.of("variant.W_q", "variant.W_k", "variant.W_v", "variant.W_o"),
                List.copyOf(m.parameters().names()));
        assertEquals(d.get("k_proj_weight"), m.parameters().get("variant.W_k"));
        assertEquals(d.get("v_proj_weight"), m.parameters().get("variant.W_v"));
        assertEquals("k_proj_weight", m.sources().get("variant.W_k"));
    }

    @Test
    void a_prefix_selects_a_module_nested_in_a_model_and_names_keep_it() {
        int e = 2;
        Map<String, Tensor> model = new TreeMap<>();
        Map<String, Tensor> module = packed(e, true);
        module.forEach((n, t) -> model.put("layers.0.self_attn." + n, t));
        model.put("layers.0.linear1.weight", random(3, e));
        model.put("layers.1.self_attn.in_proj_weight", random(3 * e, e));
        TensorImport.Imported nested = IMPORT.map(FILE, model, "layers.0.self_attn.", multiHead(e, Map.of()));
        assertEquals(IMPORT.map(FILE, module, "", multiHead(e, Map.of())).parameters(), nested.parameters());
        assertEquals("layers.0.self_attn.out_proj.weight", nested.sources().get("variant.W_o"));
    }

    private static String refused(Map<String, Tensor> d, String prefix, Parameters pipeline) {
        DataException x = assertThrows(DataException.class, () -> IMPORT.map(FILE, d, prefix, pipeline));
        assertEquals("mha.safetensors", x.file().orElseThrow());
        return x.getMessage();
    }

    private static void contains(String message, String... parts) {
        for (String p : parts) {
            assertTrue(message.contains(p), "'" + p + "' missing from: " + message);
        }
    }

    @Test
    void files_that_are_not_such_a_state_dict_are_refused_by_tensor() {
        int e = 4;
        Parameters pipeline = multiHead(e, Map.of());
        Map<String, Tensor> nested = new TreeMap<>();
        packed(e, true).forEach((n, t) -> nested.put("self_attn." + n, t));
        contains(refused(nested, "", pipeline), "tensor 'self_attn.in_proj_bias'", "not a tensor of nn.MultiheadAttention",
                "(nor 3 more)", "set prefix: self_attn.");

        Map<String, Tensor> d = packed(e, true);
        d.put("linear.weight", random(e, e));
        contains(refused(d, "", pipeline), "tensor 'linear.weight'", "nn.MultiheadAttention has in_proj_weight");

        Parameters withBiasKv = multiHead(e, Map.of("add-bias-kv", true));
        d = packed(e, true);
        d.put("bias_k", random(1, e));
        contains(refused(d, "", withBiasKv), "tensor 'bias_v'", "missing, while bias_k is present");
        d.put("bias_v", random(1, e + 1));
        contains(refused(d, "", withBiasKv), "tensor 'bias_v'", "shape [1, 5] is not [1, 1, E] = [1, 1, 4]");

        d = packed(e, true);
        d.remove("out_proj.weight");
        contains(refused(d, "", pipeline), "no tensor 'out_proj.weight'");

        Map<String, Tensor> prefixed = new TreeMap<>();
        packed(e, true).forEach((n, t) -> prefixed.put("m." + n, t));
        prefixed.remove("m.in_proj_weight");
        contains(refused(prefixed, "m.", pipeline), "no tensor 'm.in_proj_weight' nor 'm.q_proj_weight'",
                "under prefix 'm.'");

        d = packed(e, true);
        d.put("q_proj_weight", random(e, e));
        contains(refused(d, "", pipeline), "tensor 'q_proj_weight'", "present together with in_proj_weight");

        d = packed(e, true);
        d.put("in_proj_weight", random(3 * e, e + 1));
        contains(refused(d, "", pipeline), "tensor 'in_proj_weight'", "shape [12, 5] is not [3·E, E] = [12, 4]");

        d = packed(e, true);
        d.remove("out_proj.bias");
        contains(refused(d, "", pipeline), "tensor 'out_proj.bias'", "missing, while in_proj_bias is present");

        d = packed(e, true);
        d.put("in_proj_bias", random(2 * e, 1));
        contains(refused(d, "", pipeline), "tensor 'in_proj_bias'", "is not [3·E] = [12]");

        d = packed(e, false);
        d.remove("in_proj_weight");
        d.put("q_proj_weight", random(e, e));
        d.put("k_proj_weight", random(e, 3));
        contains(refused(d, "", pipeline), "no tensor 'v_proj_weight'");
    }

    @Test
    void pipelines_the_state_dict_cannot_fill_are_refused_with_the_key() {
        int e = 4;
        ConfigException noBias = assertThrows(ConfigException.class,
                () -> IMPORT.map(FILE, packed(e, true), "", multiHead(e, Map.of("bias", false))));
        assertEquals("parameters", noBias.key().orElseThrow());
        contains(noBias.getMessage(), "mha.safetensors has biases", "set bias: true");
        contains(assertThrows(ConfigException.class, () -> IMPORT.map(FILE, packed(e, false), "",
                multiHead(e, Map.of()))).getMessage(), "has no biases (bias=False in PyTorch)", "set bias: false");
        contains(assertThrows(ConfigException.class, () -> IMPORT.map(FILE, packed(e, true), "",
                multiHead(e, Map.of("bias-o", false)))).getMessage(), "the pipeline has no b_o", "without bias-q");
        Map<String, Tensor> biasKv = packed(e, true);
        biasKv.put("bias_k", random(1, e));
        biasKv.put("bias_v", random(1, e));
        ConfigException noBiasKv = assertThrows(ConfigException.class,
                () -> IMPORT.map(FILE, biasKv, "", multiHead(e, Map.of())));
        assertEquals("parameters", noBiasKv.key().orElseThrow());
        contains(noBiasKv.getMessage(), "mha.safetensors has bias_k, bias_v (add_bias_kv=True in PyTorch)",
                "the pipeline has no variant.bias_k", "set add-bias-kv: true");
        contains(assertThrows(ConfigException.class, () -> IMPORT.map(FILE, packed(e, true), "",
                multiHead(e, Map.of("add-bias-kv", true)))).getMessage(), "has no bias_k, bias_v (add_bias_kv=False",
                "set add-bias-kv: false");
        ConfigException positions = assertThrows(ConfigException.class, () -> IMPORT.map(FILE, packed(e, true), "",
                multiHead(e, Map.of("positional", "learned"))));
        assertEquals("parameters", positions.key().orElseThrow());
        contains(positions.getMessage(), "no values for the pipeline's variant.positions");
    }
}
