package dev.attention.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.attention.api.Tensor;
import dev.attention.train.fit.FitResult;
import dev.attention.train.fit.History;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * fit with a key mask (and a score bias) is the fit of the same data with the hidden keys left out:
 * computed independently by a second config whose files simply lack those rows. Same seed, same
 * learned shapes (general's W is [d, d] whatever the key count), so the same initial parameters;
 * equal losses and equal parameters after each step mean equal gradients.
 */
class FitWithMasksTest {
    private static final AttentionEngine ENGINE = Attention.engine();
    private static final String PIPELINE = "pipeline: {variant: global, alignment: general, distribution: softmax}\n";

    @TempDir
    Path dir;

    private FitResult fit(String name, String inputs, String fit) throws IOException {
        Path c = Files.writeString(dir.resolve(name + ".yaml"), "name: " + name + "\nseed: 7\n" + PIPELINE
                + "inputs:\n" + inputs + fit);
        return ENGINE.fit(ENGINE.load(c));
    }

    private static void assertSameFit(FitResult expected, FitResult actual) {
        List<History.Epoch> e = expected.history().epochs();
        List<History.Epoch> a = actual.history().epochs();
        assertEquals(e.size(), a.size());
        for (int k = 0; k < e.size(); k++) {
            assertEquals(e.get(k).trainLoss(), a.get(k).trainLoss(), 1e-12, "loss of epoch " + (k + 1));
            assertEquals(e.get(k).gradNorm(), a.get(k).gradNorm(), 1e-12, "gradient norm of epoch " + (k + 1));
        }
        Map<String, Tensor> pe = expected.parameters().asMap();
        Map<String, Tensor> pa = actual.parameters().asMap();
        assertEquals(pe.keySet(), pa.keySet());
        pe.forEach((n, t) -> assertArrayEquals(t.toDoubleArray(), pa.get(n).toDoubleArray(), 1e-12, n));
    }

    /** A version 1.0 little-endian float64 .npy file. */
    private Path npy(String name, int[] shape, double[] values) throws IOException {
        StringBuilder dims = new StringBuilder();
        for (int d : shape) {
            dims.append(d).append(", ");
        }
        String dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (" + dims.toString().strip() + "), }";
        String header = dict + " ".repeat((64 - (10 + dict.length() + 1) % 64) % 64) + "\n";
        ByteBuffer b = ByteBuffer.allocate(10 + header.length() + 8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) header.length());
        b.put(header.getBytes(StandardCharsets.US_ASCII));
        for (double v : values) {
            b.putDouble(v);
        }
        return Files.write(dir.resolve(name), b.array());
    }

    @Test
    void a_key_padding_mask_fits_as_if_the_hidden_keys_were_not_there() throws IOException {
        Files.writeString(dir.resolve("q.csv"), "a,b,y\n1,0,3\n0,1,-1\n1,1,2\n");
        Files.writeString(dir.resolve("kv.csv"), "a,b,v\n1,0,1\n5,5,100\n0,1,-2\n1,1,4\n-3,2,50\n");
        Files.writeString(dir.resolve("kv-kept.csv"), "a,b,v\n1,0,1\n0,1,-2\n1,1,4\n");
        String fit = "fit: {loss: mse, optimizer: {id: sgd, lr: 0.05}, epochs: 3,"
                + " targets: {file: q.csv, columns: [y]}}\n";
        String q = "  queries: {file: q.csv, columns: [a, b]}\n";
        FitResult masked = fit("masked", q + "  keys: {file: kv.csv, columns: [a, b]}\n"
                + "  values: {file: kv.csv, columns: [v]}\n  key_padding_mask: {data: [[0, 1, 0, 0, 1]]}\n", fit);
        FitResult removed = fit("removed", q + "  keys: {file: kv-kept.csv, columns: [a, b]}\n"
                + "  values: {file: kv-kept.csv, columns: [v]}\n", fit);
        FitResult unmasked = fit("unmasked", q + "  keys: {file: kv.csv, columns: [a, b]}\n"
                + "  values: {file: kv.csv, columns: [v]}\n", fit);
        assertSameFit(removed, masked);
        // The mask matters: without it the hidden keys' values (100, 50) change the loss.
        assertNotEquals(removed.history().epochs().get(0).trainLoss(), unmasked.history().epochs().get(0).trainLoss(),
                1e-3);
        assertNotEquals(0.0, masked.history().epochs().get(0).gradNorm());
    }

    /**
     * Three sequences with hidden keys not at the end; the reference (kv-kept.csv) drops those rows,
     * which makes sequences of 2, 2 and 3 keys (padded to 3 with lengths).
     */
    private void sequences() throws IOException {
        Files.writeString(dir.resolve("q.csv"), "s,a,b,y\nx,1,0,3\nx,0,1,-1\ny,1,1,2\ny,0,1,1\nz,1,0,0\nz,1,1,5\n");
        Files.writeString(dir.resolve("kv.csv"),
                "s,a,b,v\nx,1,0,1\nx,5,5,100\nx,0,1,-2\ny,-3,2,50\ny,1,1,4\ny,0,1,3\nz,1,0,2\nz,0,1,-1\nz,1,1,6\n");
        Files.writeString(dir.resolve("kv-kept.csv"), "s,a,b,v\nx,1,0,1\nx,0,1,-2\ny,1,1,4\ny,0,1,3\n"
                + "z,1,0,2\nz,0,1,-1\nz,1,1,6\n");
    }

    @Test
    void search_folds_slice_the_key_mask_with_their_sequences() throws IOException {
        sequences();
        String q = "  queries: {file: q.csv, columns: [a, b], group: s}\n";
        String rest = "fit: {loss: mse, optimizer: {id: sgd, lr: 0.05}, epochs: 2,"
                + " targets: {file: q.csv, columns: [y], group: s}}\n"
                + "search: {alignment: [general, dot], distribution: [softmax], folds: 3}\n";
        Path masked = Files.writeString(dir.resolve("masked.yaml"), "name: m\nseed: 7\n" + PIPELINE + "inputs:\n" + q
                + "  keys: {file: kv.csv, columns: [a, b], group: s}\n  values: {file: kv.csv, columns: [v], group: s}\n"
                + "  key_padding_mask: {data: [[0, 1, 0], [1, 0, 0], [0, 0, 0]]}\n" + rest);
        Path removed = Files.writeString(dir.resolve("removed.yaml"), "name: m\nseed: 7\n" + PIPELINE + "inputs:\n" + q
                + "  keys: {file: kv-kept.csv, columns: [a, b], group: s}\n"
                + "  values: {file: kv-kept.csv, columns: [v], group: s}\n" + rest);
        var m = ENGINE.search(ENGINE.load(masked), dev.attention.train.search.SearchListener.NONE, 1).trials();
        var r = ENGINE.search(ENGINE.load(removed), dev.attention.train.search.SearchListener.NONE, 1).trials();
        assertEquals(2, m.size());
        for (int k = 0; k < m.size(); k++) {
            assertEquals(r.get(k).candidate().alignment().id(), m.get(k).candidate().alignment().id());
            assertEquals(3, m.get(k).foldScores().size(), m.get(k)::toString);
            assertArrayEquals(r.get(k).foldScores().stream().mapToDouble(Double::doubleValue).toArray(),
                    m.get(k).foldScores().stream().mapToDouble(Double::doubleValue).toArray(), 1e-12);
        }
    }

    @Test
    void batched_fits_slice_the_key_mask_and_bias_with_their_examples_one_at_a_time_or_whole() throws IOException {
        sequences();
        String q = "  queries: {file: q.csv, columns: [a, b], group: s}\n";
        for (int batch : new int[] {1, 3}) {
            String fit = "fit: {loss: mse, optimizer: {id: sgd, lr: 0.05}, epochs: 2, batch-size: " + batch
                    + ", targets: {file: q.csv, columns: [y], group: s}}\n";
            FitResult masked = fit("masked" + batch, q + "  keys: {file: kv.csv, columns: [a, b], group: s}\n"
                    + "  values: {file: kv.csv, columns: [v], group: s}\n"
                    + "  key_padding_mask: {data: [[0, 1, 0], [1, 0, 0], [0, 0, 0]]}\n", fit);
            FitResult removed = fit("removed" + batch, q + "  keys: {file: kv-kept.csv, columns: [a, b], group: s}\n"
                    + "  values: {file: kv-kept.csv, columns: [v], group: s}\n", fit);
            assertSameFit(removed, masked);
            // The same hiding as a float attn_mask [batch, n, m]: -inf on the hidden keys of each sequence.
            double h = Double.NEGATIVE_INFINITY;
            Path bias = npy("bias.npy", new int[] {3, 2, 3},
                    new double[] {0, h, 0, 0, h, 0, h, 0, 0, h, 0, 0, 0, 0, 0, 0, 0, 0});
            FitResult biased = fit("biased" + batch, q + "  keys: {file: kv.csv, columns: [a, b], group: s}\n"
                    + "  values: {file: kv.csv, columns: [v], group: s}\n  attn_mask: " + bias + "\n", fit);
            assertSameFit(removed, biased);
        }
    }
}
