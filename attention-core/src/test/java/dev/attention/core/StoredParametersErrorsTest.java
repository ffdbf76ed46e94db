package dev.attention.core;

import static dev.attention.core.TorchReference.resource;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.AttentionException;
import dev.attention.api.ConfigException;
import dev.attention.api.DType;
import dev.attention.api.DataException;
import dev.attention.api.Parameters;
import dev.attention.api.Tensor;
import dev.attention.io.tensor.ParameterFiles;
import dev.attention.io.tensor.Safetensors;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code parameters:} files that do not fit: one line naming the parameters file, the tensor and
 * the config key, for corrupt files, unknown dtypes, state dicts of another shape and pipelines the
 * state dict cannot fill.
 */
class StoredParametersErrorsTest {
    private static final AttentionEngine ENGINE = Attention.engine();

    @TempDir
    Path tmp;

    /** A config running {@code variant} over a self-attention sequence of {@code width}. */
    private Path config(String variant, int width, String parameters) throws IOException {
        Safetensors.write(tmp.resolve("data.safetensors"), Map.of("x", Tensor.zeros(DType.FLOAT64, 2, 5, width)),
                Map.of());
        return Files.writeString(tmp.resolve("config.yaml"), String.join("\n",
                "pipeline:",
                "  variant: " + variant,
                "  alignment: scaled-dot",
                "inputs:",
                "  sequence: {file: data.safetensors, tensor: x}",
                "parameters: " + parameters, ""));
    }

    private Path stateDict(String reference) throws IOException {
        return Files.copy(resource(reference + ".mha.safetensors"), tmp.resolve("mha.safetensors"));
    }

    private static <E extends AttentionException> String oneLine(Class<E> type, Path config) {
        E e = assertThrows(type, () -> ENGINE.load(config));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        return e.getMessage();
    }

    private static void contains(String message, String... parts) {
        for (String p : parts) {
            assertTrue(message.contains(p), "'" + p + "' missing from: " + message);
        }
    }

    @Test
    void a_state_dict_whose_e_differs_from_the_data_names_file_tensor_and_key() throws IOException {
        stateDict("self-4");
        String m = oneLine(ConfigException.class, config("{id: multi-head, heads: 2}", 6,
                "{file: mha.safetensors, format: torch-mha}"));
        contains(m, "config.yaml:6:13: parameters:", "mha.safetensors", "tensor 'in_proj_weight'", "variant.W_q [8, 8]",
                "the pipeline's is [6, 6]", "embed_dim");
    }

    @Test
    void kdim_of_another_width_names_k_proj_weight() throws IOException {
        stateDict("cross-4-kdim-vdim");
        Safetensors.write(tmp.resolve("data.safetensors"), Map.of("q", Tensor.zeros(DType.FLOAT64, 3, 8),
                "k", Tensor.zeros(DType.FLOAT64, 6, 4), "v", Tensor.zeros(DType.FLOAT64, 6, 3)), Map.of());
        Path config = Files.writeString(tmp.resolve("config.yaml"), String.join("\n",
                "pipeline: {variant: {id: multi-head, heads: 4, inputs: cross}}",
                "inputs:",
                "  queries: {file: data.safetensors, tensor: q}",
                "  keys: {file: data.safetensors, tensor: k}",
                "  values: {file: data.safetensors, tensor: v}",
                "parameters: {file: mha.safetensors, format: torch-mha}", ""));
        contains(oneLine(ConfigException.class, config), "tensor 'k_proj_weight'", "variant.W_k [8, 5]",
                "the pipeline's is [8, 4]");
    }

    @Test
    void a_corrupt_header_names_the_file_and_the_config_key() throws IOException {
        Files.write(tmp.resolve("mha.safetensors"), "not a safetensors file at all".getBytes(StandardCharsets.UTF_8));
        String m = oneLine(DataException.class, config("{id: multi-head, heads: 2}", 8,
                "{file: mha.safetensors, format: torch-mha}"));
        contains(m, "mha.safetensors: header length", "(for parameters at ", "config.yaml:6:13)");
    }

    @Test
    void truncated_data_names_the_tensor() throws IOException {
        byte[] whole = Files.readAllBytes(resource("self-4.mha.safetensors"));
        Files.write(tmp.resolve("mha.safetensors"), Arrays.copyOf(whole, whole.length - 16));
        contains(oneLine(DataException.class, config("{id: multi-head, heads: 4}", 8,
                "{file: mha.safetensors, format: torch-mha}")), "mha.safetensors: tensor 'out_proj.weight'",
                "truncated", "for parameters");
    }

    @Test
    void an_unknown_dtype_names_the_tensor_and_the_supported_ones() throws IOException {
        byte[] header = "{\"in_proj_weight\":{\"dtype\":\"C64\",\"shape\":[0],\"data_offsets\":[0,0]}}"
                .getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + header.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(header.length).put(header);
        Files.write(tmp.resolve("mha.safetensors"), b.array());
        contains(oneLine(DataException.class, config("{id: multi-head, heads: 4}", 8,
                "{file: mha.safetensors, format: torch-mha}")), "tensor 'in_proj_weight'", "C64",
                "supported: F32, F64");
    }

    @Test
    void a_state_dict_without_out_proj_or_with_bias_k_is_refused_by_name() throws IOException {
        Map<String, Tensor> dict = new TreeMap<>(Safetensors.read(resource("self-4.mha.safetensors")).tensors());
        dict.remove("out_proj.weight");
        Safetensors.write(tmp.resolve("mha.safetensors"), dict, Map.of());
        Path config = config("{id: multi-head, heads: 4}", 8, "{file: mha.safetensors, format: torch-mha}");
        contains(oneLine(DataException.class, config), "no tensor 'out_proj.weight'");

        dict = new TreeMap<>(Safetensors.read(resource("self-4.mha.safetensors")).tensors());
        dict.put("bias_k", Tensor.zeros(DType.FLOAT32, 1, 8));
        dict.put("bias_v", Tensor.zeros(DType.FLOAT32, 1, 8));
        Safetensors.write(tmp.resolve("mha.safetensors"), dict, Map.of());
        contains(oneLine(ConfigException.class, config), "has bias_k, bias_v (add_bias_kv=True in PyTorch)",
                "set add-bias-kv: true");
    }

    @Test
    void a_nested_state_dict_suggests_its_prefix() throws IOException {
        Map<String, Tensor> nested = new TreeMap<>();
        Safetensors.read(resource("self-4.mha.safetensors")).tensors().forEach((n, t) -> nested.put("self_attn." + n, t));
        Safetensors.write(tmp.resolve("mha.safetensors"), nested, Map.of());
        contains(oneLine(DataException.class, config("{id: multi-head, heads: 4}", 8,
                "{file: mha.safetensors, format: torch-mha}")), "not a tensor of nn.MultiheadAttention",
                "set prefix: self_attn.");
    }

    @Test
    void pipelines_the_state_dict_cannot_fill_are_refused() throws IOException {
        stateDict("self-4");
        String parameters = "{file: mha.safetensors, format: torch-mha}";
        contains(oneLine(ConfigException.class, config("self", 8, parameters)), "into variant multi-head");
        contains(oneLine(ConfigException.class, config("{id: multi-head, heads: 4, bias: false}", 8, parameters)),
                "has biases", "set bias: true");
        contains(oneLine(ConfigException.class, config("{id: multi-head, heads: 4, positional: learned}", 8,
                parameters)), "no values for the pipeline's variant.positions");
    }

    @Test
    void the_format_and_the_file_type_are_checked_with_the_config() throws IOException {
        contains(oneLine(ConfigException.class, config("multi-head", 8, "{file: mha.safetensors, format: torch}")),
                "config.yaml:6:45: parameters.format", "unknown parameters format 'torch'", "known: attention, bert, llama, torch-mha");
        contains(oneLine(ConfigException.class, config("multi-head", 8, "{file: mha.pt, format: torch-mha}")),
                "reads a .safetensors file", "save_file(mha.state_dict()");
        contains(oneLine(ConfigException.class, config("multi-head", 8, "{file: mha.safetensors, prefix: a.}")),
                "prefix applies to format: bert or llama or torch-mha only");
    }

    @Test
    void a_format_is_one_the_pipelines_variant_imports() throws IOException {
        stateDict("self-4");
        contains(oneLine(ConfigException.class, config("{id: multi-head, heads: 4}", 8,
                "{file: mha.safetensors, format: torch-mah}")), "config.yaml:6:45: parameters.format",
                "unknown parameters format 'torch-mah'", "did you mean 'torch-mha'?", "known: attention, bert, llama, torch-mha");
        contains(oneLine(ConfigException.class, config("self", 8, "{file: mha.safetensors, format: keras}")),
                "unknown parameters format 'keras'", "known: attention (variant self imports no other format)");
        contains(oneLine(ConfigException.class, config("self", 8, "{file: mha.safetensors, prefix: a.}")),
                "config.yaml:6:45: parameters.prefix", "prefix applies to import formats only, and variant self has none");
        contains(oneLine(ConfigException.class, config("multi-head", 8, "{file: mha.safetensors, format: Torch_MHA}")),
                "parameters.format", "is not a format id");
    }

    @Test
    void non_finite_values_below_the_prefix_are_refused_and_the_rest_of_a_model_is_not_read() throws IOException {
        Map<String, Tensor> dict = new TreeMap<>();
        Safetensors.read(resource("self-4.mha.safetensors")).tensors().forEach((n, t) -> dict.put("attn." + n, t));
        dict.put("head.weight", Tensor.of(DType.FLOAT32, new int[] {1, 2}, 1, Double.NaN));
        Safetensors.write(tmp.resolve("mha.safetensors"), dict, Map.of());
        Path config = config("{id: multi-head, heads: 4}", 8, "{file: mha.safetensors, format: torch-mha, prefix: attn.}");
        ENGINE.load(config);

        Tensor w = dict.get("attn.in_proj_weight");
        double[] values = new double[w.size()];
        for (int k = 0; k < values.length; k++) {
            values[k] = k == 5 ? Double.POSITIVE_INFINITY : w.at(k);
        }
        dict.put("attn.in_proj_weight", Tensor.of(DType.FLOAT32, w.shape(), values));
        Safetensors.write(tmp.resolve("mha.safetensors"), dict, Map.of());
        contains(oneLine(DataException.class, config), "mha.safetensors: tensor 'attn.in_proj_weight'",
                "element 5 (row-major) is Infinity", "for parameters at");
    }

    @Test
    void parameters_fitted_for_other_widths_name_the_tensor() throws IOException {
        ParameterFiles.write(tmp.resolve("fitted.safetensors"), ENGINE.pipeline().variant("multi-head")
                .width("sequence", 4).build().parameters());
        String m = oneLine(ConfigException.class, config("multi-head", 8, "fitted.safetensors"));
        contains(m, "fitted.safetensors: tensor 'variant.W_k' gives variant.W_k [4, 4] but the pipeline's is [8, 8]",
                "attention fit");
        ParameterFiles.write(tmp.resolve("other.safetensors"), Parameters.of("alignment.W",
                Tensor.zeros(DType.FLOAT64, 2, 2)));
        contains(oneLine(ConfigException.class, config("multi-head", 8, "other.safetensors")),
                "other.safetensors: tensor 'alignment.W' is not a parameter of", "it has variant.W_k");
    }
}
