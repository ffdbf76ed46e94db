package dev.attention.io.tensor;

import dev.attention.api.DType;
import dev.attention.api.Tensor;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/** The reference files of tools/make_tensor_files.py and the formulas their values follow. */
final class TestFiles {
    private TestFiles() {
    }

    static Path resource(String name) {
        URL url = TestFiles.class.getResource("/tensorio/" + name);
        if (url == null) {
            throw new IllegalStateException("missing test resource tensorio/" + name
                    + "; run python3 tools/make_tensor_files.py");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Element k is k · 0.37 − 1.5, computed in double and rounded to the type, as numpy does. */
    static Tensor ramp(DType dtype, int... shape) {
        Tensor.Builder b = Tensor.builder(dtype, shape);
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        for (int k = 0; k < n; k++) {
            b.set(k, k * 0.37 - 1.5);
        }
        return b.build();
    }
}
