package dev.attention.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.AttentionResult;
import dev.attention.api.DType;
import dev.attention.api.Tensor;
import dev.attention.io.tensor.Npy;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * multi-head with add-bias-kv and add-zero-attn, its parameters loaded through format torch-mha
 * from an {@code nn.MultiheadAttention(add_bias_kv=True, add_zero_attn=True)} state dict, run from a
 * config as a user runs it, against PyTorch: a key padding mask that is not a suffix, causal (PyTorch's
 * triu attn_mask, padded visible for the appended keys) and a float attn_mask with a row of −∞ (that
 * query still sees the zero key). The weights have m + e columns, the appended keys last. References
 * from tools/reference_torch_bias_kv.py; our run is float32, the references float64 on the same
 * float32 values.
 */
class TorchBiasKvTest {
    private static final AttentionEngine ENGINE = Attention.engine();
    private static final double TOLERANCE = 1e-5;

    static Path dir(String name) {
        URL url = TorchBiasKvTest.class.getResource("/torch-bias-kv/" + name + "/config.yaml");
        if (url == null) {
            throw new IllegalStateException("missing torch-bias-kv/" + name
                    + "; run /usr/bin/python3 tools/reference_torch_bias_kv.py");
        }
        try {
            return Path.of(url.toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"bias-kv-zero-attn-padding", "bias-kv-causal", "zero-attn-cross-mask"})
    void a_config_loading_the_state_dict_reproduces_pytorch(String name) {
        Path d = dir(name);
        Job job = ENGINE.load(d.resolve("config.yaml"));
        AttentionResult r = ENGINE.run(job);
        assertEquals(DType.FLOAT32, r.output().dtype());
        assertClose(Npy.read(d.resolve("output.npy")), r.output(), "output");
        assertClose(Npy.read(d.resolve("weights.npy")), r.weights().orElseThrow(), "weights");
        assertClose(Npy.read(d.resolve("weights_mean.npy")), r.get("weights_mean"), "weights_mean");
    }

    static void assertClose(Tensor expected, Tensor actual, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what + " shape");
        for (int k = 0; k < expected.size(); k++) {
            double e = expected.at(k);
            double a = actual.at(k);
            assertTrue(Double.isFinite(a), what + "[" + k + "] = " + a);
            assertTrue(Math.abs(e - a) <= TOLERANCE * Math.max(1, Math.abs(e)),
                    what + "[" + k + "]: expected " + e + ", got " + a);
        }
    }
}
