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
 * Masks from tensor files, run from a config as a user runs it, against PyTorch's
 * {@code nn.MultiheadAttention} (a key_padding_mask whose padding is not a suffix, a float attn_mask
 * with −∞, a bool per-head attn_mask) and against numpy for global attention with key_lengths,
 * query_lengths and an attention_mask. References from tools/reference_torch_masks.py; our run is
 * float32, the references float64 on the same float32 values.
 */
class TorchMasksTest {
    private static final AttentionEngine ENGINE = Attention.engine();
    private static final double TOLERANCE = 2e-5;

    static Path dir(String name) {
        URL url = TorchMasksTest.class.getResource("/torch-masks/" + name + "/config.yaml");
        if (url == null) {
            throw new IllegalStateException("missing torch-masks/" + name + "; run /usr/bin/python3 tools/reference_torch_masks.py");
        }
        try {
            return Path.of(url.toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"mha-key-padding", "mha-attn-mask", "mha-bool-per-head", "global-lengths"})
    void a_config_with_mask_files_reproduces_the_reference(String name) {
        Path d = dir(name);
        Job job = ENGINE.load(d.resolve("config.yaml"));
        AttentionResult r = ENGINE.run(job);
        assertEquals(DType.FLOAT32, r.output().dtype());
        assertClose(Npy.read(d.resolve("output.npy")), r.output(), "output");
        assertClose(Npy.read(d.resolve("weights.npy")), r.weights().orElseThrow(), "weights");
        if (name.startsWith("mha")) {
            assertClose(Npy.read(d.resolve("weights_mean.npy")), r.get("weights_mean"), "weights_mean");
        }
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
