package dev.attention.core;

import static dev.attention.core.TorchReference.assertClose;
import static dev.attention.core.TorchReference.reference;
import static dev.attention.core.TorchReference.resource;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.attention.api.AttentionInputs;
import dev.attention.api.AttentionResult;
import dev.attention.api.DType;
import dev.attention.api.Pipeline;
import dev.attention.api.Tensor;
import dev.attention.assembly.config.ParametersSource;
import dev.attention.assembly.config.Position;
import dev.attention.assembly.plugin.PluginRegistry;
import dev.attention.io.tensor.Safetensors;
import dev.attention.io.tensor.TensorBundle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * multi-head with scaled-dot and softmax, loaded from a PyTorch {@code nn.MultiheadAttention} state
 * dict, gives PyTorch's outputs and per-head weights (reference files from
 * tools/reference/torch_mha.py), and so do plain scaled-dot and additive attention.
 */
class TorchMultiheadAttentionTest {
    private static final AttentionEngine ENGINE = Attention.engine();
    private static final String TORCH_MHA = "torch-mha";
    /** The multi-head variant's imports, as the engine resolves them for a config. */
    private static final StoredParameters.Imports IMPORTS = StoredParameters.Imports.of(
            PluginRegistry.discover(TorchMultiheadAttentionTest.class.getClassLoader()), "multi-head");

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "self-1,                 1, self,  false, true",
        "self-4,                 4, self,  false, true",
        "causal-self-4,          4, self,  true,  true",
        "cross-1,                1, cross, false, true",
        "cross-4-kdim-vdim,      4, cross, false, true",
        "cross-4-padded,         4, cross, false, true",
        "cross-1-padded-no-bias, 1, cross, false, false"})
    void multi_head_loaded_from_a_state_dict_matches_pytorch(String name, int heads, String inputs, boolean causal,
            boolean bias) {
        TensorBundle ref = reference(name);
        boolean self = inputs.equals("self");
        PipelineBuilder b = ENGINE.pipeline().variant("multi-head", Map.of("heads", heads, "inputs", inputs,
                "causal", causal, "bias", bias)).alignment("scaled-dot").distribution("softmax");
        AttentionInputs.Builder in = AttentionInputs.builder();
        if (self) {
            b.width("sequence", ref.tensors().get("sequence").cols());
            in.put("sequence", ref.tensors().get("sequence"));
        } else {
            for (String input : new String[] {"queries", "keys", "values"}) {
                b.width(input, ref.tensors().get(input).cols());
            }
            in.put("queries", ref.tensors().get("queries"));
            Tensor lengths = ref.tensors().get("key_lengths");
            if (lengths == null) {
                in.put("keys", ref.tensors().get("keys")).put("values", ref.tensors().get("values"));
            } else {
                int[] l = new int[lengths.size()];
                for (int k = 0; k < l.length; k++) {
                    l[k] = (int) lengths.at(k);
                }
                in.put("keys", ref.tensors().get("keys"), l).put("values", ref.tensors().get("values"), l);
            }
        }
        Pipeline loaded = StoredParameters.apply(new ParametersSource(resource(name + ".mha.safetensors"),
                TORCH_MHA, "", Position.NONE), b.build(), IMPORTS).pipeline();
        AttentionResult r = loaded.run(in.build());
        assertClose(ref.tensors().get("output"), r.output(), name + " output");
        assertClose(ref.tensors().get("weights"), r.weights().orElseThrow(), name + " weights");
    }

    @Test
    void a_config_loads_the_state_dict_with_format_torch_mha() throws IOException {
        Files.copy(resource("self-4.mha.safetensors"), tmp.resolve("mha.safetensors"));
        Files.copy(resource("self-4.reference.safetensors"), tmp.resolve("data.safetensors"));
        Path config = Files.writeString(tmp.resolve("config.yaml"), String.join("\n",
                "pipeline:",
                "  variant: {id: multi-head, heads: 4}",
                "  alignment: scaled-dot",
                "  distribution: softmax",
                "inputs:",
                "  sequence: {file: data.safetensors, tensor: sequence}",
                "parameters: {file: mha.safetensors, format: torch-mha}", ""));
        Job job = ENGINE.load(config);
        AttentionResult r = ENGINE.run(job);
        TensorBundle ref = reference("self-4");
        assertClose(ref.tensors().get("output"), r.output(), "output");
        assertClose(ref.tensors().get("weights"), r.weights().orElseThrow(), "weights");
        // float32 weights widen exactly: the loaded W_o is PyTorch's out_proj.weight, bit for bit.
        assertEquals(Safetensors.read(resource("self-4.mha.safetensors"), "out_proj.weight").to(DType.FLOAT64),
                job.pipeline().parameters().get("variant.W_o"));
    }

    @Test
    void a_state_dict_nested_in_a_model_loads_with_its_prefix() throws IOException {
        Map<String, Tensor> nested = new TreeMap<>();
        Safetensors.read(resource("self-1.mha.safetensors")).tensors()
                .forEach((n, t) -> nested.put("layers.0.self_attn." + n, t));
        nested.put("layers.0.linear1.weight", Tensor.zeros(DType.FLOAT32, 2, 4));
        Path file = tmp.resolve("model.safetensors");
        Safetensors.write(file, nested, Map.of());
        Pipeline p = ENGINE.pipeline().variant("multi-head").width("sequence", 4).build();
        Pipeline direct = StoredParameters.apply(new ParametersSource(resource("self-1.mha.safetensors"),
                TORCH_MHA, "", Position.NONE), p, IMPORTS).pipeline();
        Pipeline viaPrefix = StoredParameters.apply(new ParametersSource(file, TORCH_MHA,
                "layers.0.self_attn.", Position.NONE), p, IMPORTS).pipeline();
        assertEquals(direct.parameters(), viaPrefix.parameters());
    }

    @Test
    void plain_scaled_dot_softmax_matches_pytorch() {
        TensorBundle ref = reference("scaled-dot");
        Pipeline p = ENGINE.pipeline().alignment("scaled-dot").distribution("softmax").build();
        AttentionResult r = p.run(qkv(ref));
        assertClose(ref.tensors().get("output"), r.output(), "output");
        assertClose(ref.tensors().get("weights"), r.weights().orElseThrow(), "weights");
    }

    @Test
    void additive_with_given_parameters_matches_pytorch() throws IOException {
        TensorBundle ref = reference("additive");
        Files.copy(resource("additive.parameters.safetensors"), tmp.resolve("additive.safetensors"));
        Files.copy(resource("additive.reference.safetensors"), tmp.resolve("data.safetensors"));
        Path config = Files.writeString(tmp.resolve("config.yaml"), String.join("\n",
                "pipeline: {variant: global, alignment: {id: additive, hidden: 5}, distribution: softmax}",
                "inputs:",
                "  queries: {file: data.safetensors, tensor: queries}",
                "  keys: {file: data.safetensors, tensor: keys}",
                "  values: {file: data.safetensors, tensor: values}",
                "parameters: additive.safetensors", ""));
        AttentionResult r = ENGINE.run(ENGINE.load(config));
        assertClose(ref.tensors().get("output"), r.output(), "output");
        assertClose(ref.tensors().get("weights"), r.weights().orElseThrow(), "weights");
    }

    private static AttentionInputs qkv(TensorBundle ref) {
        return AttentionInputs.builder().put("queries", ref.tensors().get("queries"))
                .put("keys", ref.tensors().get("keys")).put("values", ref.tensors().get("values")).build();
    }
}
