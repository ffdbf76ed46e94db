package dev.attention.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.Tensor;
import dev.attention.io.tensor.Safetensors;
import dev.attention.io.tensor.TensorBundle;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/** The files of tools/reference/torch_mha.py and a comparison to their tolerance. */
final class TorchReference {
    static final double TOLERANCE = 1e-5;

    private TorchReference() {
    }

    static Path resource(String name) {
        URL url = TorchReference.class.getResource("/torch/" + name);
        if (url == null) {
            throw new IllegalStateException("missing test resource torch/" + name
                    + "; run /usr/bin/python3 tools/reference/torch_mha.py");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static TensorBundle reference(String reference) {
        return Safetensors.read(resource(reference + ".reference.safetensors"));
    }

    /** Same shape, every element within {@link #TOLERANCE}. */
    static void assertClose(Tensor expected, Tensor actual, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what + " shape");
        for (int k = 0; k < expected.size(); k++) {
            double d = Math.abs(expected.at(k) - actual.at(k));
            assertTrue(d <= TOLERANCE, what + " element " + k + ": expected " + expected.at(k) + ", got "
                    + actual.at(k));
        }
    }
}
