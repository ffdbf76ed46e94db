package dev.attention.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.AttentionException;
import dev.attention.api.AttentionResult;
import dev.attention.api.DType;
import dev.attention.api.Parameters;
import dev.attention.api.Tensor;
import dev.attention.api.VariantGradients;
import dev.attention.io.tensor.Npy;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Packed sequences from files ({@code segments}: an id per row; {@code cu_seqlens}) against their
 * padded twin: the same sequences as a batch padded with {@code key_lengths}. On the real rows the
 * outputs and, for a loss on the real rows only, the parameter gradients are equal; on the fused
 * kernel (dot product and softmax) and on the general path (sparsemax).
 */
class PackedSequencesTest {
    private static final AttentionEngine ENGINE = Attention.engine();
    private static final int[] LENGTHS = {3, 5, 2};
    private static final int[] CU = {0, 3, 8, 10};
    private static final int E = 8;
    private static final int PAD = 5;

    @TempDir
    Path dir;

    /** A .npy of int64 entries (the test's own writer: {@link Npy} writes floats). */
    private static void writeInt64(Path file, long[] values, int... shape) throws IOException {
        StringBuilder dims = new StringBuilder();
        for (int s : shape) {
            dims.append(s).append(',');
        }
        String dict = "{'descr': '<i8', 'fortran_order': False, 'shape': (" + dims + "), }";
        int total = 10 + dict.length() + 1;
        String header = dict + " ".repeat((64 - total % 64) % 64) + "\n";
        ByteBuffer b = ByteBuffer.allocate(10 + header.length() + 8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        b.putShort((short) header.length()).put(header.getBytes(StandardCharsets.US_ASCII));
        for (long v : values) {
            b.putLong(v);
        }
        Files.write(file, b.array());
    }

    /** packed.npy [10, E], padded.npy [3, 5, E] (zeros past each length), segments.npy, cu.npy, lengths.npy. */
    private void files(long seed) throws IOException {
        Random rnd = new Random(seed);
        double[] packed = new double[CU[3] * E];
        double[] padded = new double[LENGTHS.length * PAD * E];
        for (int s = 0; s < LENGTHS.length; s++) {
            for (int r = 0; r < LENGTHS[s]; r++) {
                for (int c = 0; c < E; c++) {
                    double x = rnd.nextGaussian();
                    packed[(CU[s] + r) * E + c] = x;
                    padded[(s * PAD + r) * E + c] = x;
                }
            }
        }
        Npy.write(dir.resolve("packed.npy"), Tensor.of(DType.FLOAT64, new int[] {CU[3], E}, packed));
        Npy.write(dir.resolve("padded.npy"), Tensor.of(DType.FLOAT64, new int[] {LENGTHS.length, PAD, E}, padded));
        writeInt64(dir.resolve("segments.npy"), new long[] {0, 0, 0, 1, 1, 1, 1, 1, 2, 2}, CU[3]);
        writeInt64(dir.resolve("cu.npy"), new long[] {0, 3, 8, 10}, 4);
        writeInt64(dir.resolve("lengths.npy"), new long[] {3, 5, 2}, 3);
    }

    private Path config(String name, String pipeline, String inputs) throws IOException {
        Path c = dir.resolve(name + ".yaml");
        Files.writeString(c, "name: " + name + "\nseed: 7\ndtype: float64\n" + pipeline + "inputs:\n" + inputs);
        return c;
    }

    /** The packed run's rows of sequence s equal the padded run's batch row s on its real rows. */
    private static void assertTwins(Tensor packed, Tensor padded, double tol, String what) {
        int width = packed.cols();
        for (int s = 0; s < LENGTHS.length; s++) {
            for (int r = 0; r < LENGTHS[s]; r++) {
                for (int c = 0; c < width; c++) {
                    assertEquals(padded.at((s * PAD + r) * width + c), packed.at((CU[s] + r) * width + c), tol,
                            what + ": sequence " + s + " row " + r + " column " + c);
                }
            }
        }
    }

    /** Parameter gradients of L = Σ G ∘ output over the real rows, G the same per real row in both. */
    private static Parameters gradients(Job job, boolean packedRows, long seed) {
        AttentionResult r = job.pipeline().run(job.inputs());
        Tensor out = r.output();
        Random rnd = new Random(seed);
        double[] g = new double[out.size()];
        int width = out.cols();
        for (int s = 0; s < LENGTHS.length; s++) {
            for (int row = 0; row < LENGTHS[s]; row++) {
                for (int c = 0; c < width; c++) {
                    g[((packedRows ? CU[s] : s * PAD) + row) * width + c] = rnd.nextGaussian();
                }
            }
        }
        VariantGradients v = job.pipeline().backward(job.inputs(), r,
                Map.of(AttentionResult.OUTPUT, Tensor.of(out.dtype(), out.shape(), g)));
        return v.parameters();
    }

    private void assertTwinRuns(String pipeline, String packedInput, boolean grads) throws IOException {
        Job packed = ENGINE.load(config("packed", pipeline, "  sequence: packed.npy\n" + packedInput));
        Job padded = ENGINE.load(config("padded", pipeline, "  sequence: padded.npy\n  key_lengths: lengths.npy\n"));
        assertTwins(ENGINE.run(packed).output(), ENGINE.run(padded).output(), 1e-12, pipeline);
        if (grads) {
            Parameters a = gradients(packed, true, 3);
            Parameters b = gradients(padded, false, 3);
            assertEquals(b.names(), a.names());
            for (String name : a.names()) {
                for (int t = 0; t < a.get(name).size(); t++) {
                    assertEquals(b.get(name).at(t), a.get(name).at(t), 1e-11, name + " element " + t + ", " + pipeline);
                }
            }
        }
    }

    @Test
    void self_attention_packed_equals_its_padded_twin() throws IOException {
        files(1);
        for (String causal : new String[] {"false", "true"}) {
            // Dot product and softmax: the fused kernel; sparsemax: the general path with the segment mask.
            for (String distribution : new String[] {"softmax", "sparsemax"}) {
                assertTwinRuns("pipeline: {variant: {id: self, causal: " + causal + "}, alignment: dot, distribution: "
                        + distribution + "}\n", "  segments: segments.npy\n", false);
            }
        }
        assertTwinRuns("pipeline: {variant: {id: self, window: 2}, alignment: dot, distribution: softmax}\n",
                "  cu_seqlens: cu.npy\n", false);
    }

    @Test
    void multi_head_packed_equals_its_padded_twin_outputs_and_gradients() throws IOException {
        files(2);
        for (String distribution : new String[] {"softmax", "sparsemax"}) {
            assertTwinRuns("pipeline: {variant: {id: multi-head, heads: 4, kv-heads: 2, causal: true, rope: true},"
                    + " alignment: scaled-dot, distribution: " + distribution + "}\n", "  segments: segments.npy\n", true);
            assertTwinRuns("pipeline: {variant: {id: multi-head, heads: 2}, alignment: scaled-dot, distribution: "
                    + distribution + "}\n", "  cu_seqlens: cu.npy\n", true);
        }
    }

    /**
     * One full-batch SGD step of a packed multi-head fit (mse) moves the parameters by {@code −lr ·}
     * the padded twin's gradient of the same loss over the real rows: the fit keeps the segments.
     */
    @Test
    void a_packed_fit_steps_along_the_padded_twins_gradient() throws IOException {
        files(5);
        Random rnd = new Random(6);
        double[] y = new double[CU[3] * E];
        for (int t = 0; t < y.length; t++) {
            y[t] = rnd.nextGaussian();
        }
        Npy.write(dir.resolve("y.npy"), Tensor.of(DType.FLOAT64, new int[] {CU[3], E}, y));
        String pipeline = "pipeline: {variant: {id: multi-head, heads: 2, causal: true}, alignment: scaled-dot,"
                + " distribution: softmax}\n";
        double lr = 0.1;
        Job packed = ENGINE.load(config("packed", pipeline, "  sequence: packed.npy\n  segments: segments.npy\n"
                + "fit: {loss: mse, optimizer: {id: sgd, lr: " + lr + "}, epochs: 1, targets: y.npy}\n"));
        Job padded = ENGINE.load(config("padded", pipeline, "  sequence: padded.npy\n  key_lengths: lengths.npy\n"));
        AttentionResult r = padded.pipeline().run(padded.inputs());
        Tensor out = r.output();
        double[] g = new double[out.size()];
        double count = CU[3] * E;
        for (int s = 0; s < LENGTHS.length; s++) {
            for (int row = 0; row < LENGTHS[s]; row++) {
                for (int c = 0; c < E; c++) {
                    int at = (s * PAD + row) * E + c;
                    g[at] = 2 * (out.at(at) - y[(CU[s] + row) * E + c]) / count;
                }
            }
        }
        Parameters grad = padded.pipeline().backward(padded.inputs(), r,
                Map.of(AttentionResult.OUTPUT, Tensor.of(out.dtype(), out.shape(), g))).parameters();
        Parameters start = padded.pipeline().parameters();
        assertEquals(start, packed.pipeline().parameters());
        Parameters fitted = ENGINE.fit(packed).parameters();
        for (String name : start.names()) {
            for (int t = 0; t < start.get(name).size(); t++) {
                assertEquals(start.get(name).at(t) - lr * grad.get(name).at(t), fitted.get(name).at(t), 1e-12,
                        name + " element " + t);
            }
        }
    }

    @Test
    void explain_lists_the_segments_input() throws IOException {
        files(3);
        Job job = ENGINE.load(config("packed", "pipeline: {variant: self, alignment: dot, distribution: softmax}\n",
                "  sequence: packed.npy\n  segments: segments.npy\n"));
        assertEquals(1, job.masks().size());
        assertTrue(job.masks().get(0).toString().contains("segments: a sequence id per row of 'sequence'"),
                job.masks().get(0).toString());
        assertEquals(3, job.inputs().segments().orElseThrow()[1]);
    }

    @Test
    void bad_segments_are_one_clear_line() throws IOException {
        files(4);
        String self = "pipeline: {variant: self, alignment: dot, distribution: softmax}\n";
        writeInt64(dir.resolve("down.npy"), new long[] {0, 0, 0, 1, 1, 0, 1, 1, 2, 2}, 10);
        String decreasing = message(config("t", self, "  sequence: packed.npy\n  segments: down.npy\n"));
        assertTrue(decreasing.contains("inputs.segments") && decreasing.contains("element 5 is 0 after 1; sequence ids must"
                + " not decrease"), decreasing);
        writeInt64(dir.resolve("short.npy"), new long[] {0, 3, 9}, 3);
        String total = message(config("t", self, "  sequence: packed.npy\n  cu_seqlens: short.npy\n"));
        assertTrue(total.contains("short.npy) ends at 9 but 'sequence' has 10 rows"),
                total);
        writeInt64(dir.resolve("few.npy"), new long[] {0, 0, 1}, 3);
        String length = message(config("t", self, "  sequence: packed.npy\n  segments: few.npy\n"));
        assertTrue(length.contains("but 'sequence' has 10 rows, so integers [10] are expected"), length);
        String batched = message(config("t", self, "  sequence: padded.npy\n  segments: segments.npy\n"));
        assertTrue(batched.contains("packed sequences are unbatched rows [total_rows, d], but 'sequence' has shape"
                + " [3, 5, 8]"), batched);
        String positions = assertThrows(AttentionException.class, () -> ENGINE.run(ENGINE.load(config("t",
                "pipeline: {variant: {id: self, positional: sinusoidal}, alignment: dot, distribution: softmax}\n",
                "  sequence: packed.npy\n  segments: segments.npy\n")))).getMessage();
        assertTrue(positions.contains("packed sequences (segments, cu_seqlens) need positions: none"), positions);
        for (String m : new String[] {decreasing, total, length, batched, positions}) {
            assertTrue(!m.contains("\n") && !m.contains("Exception"), m);
        }
    }

    private static String message(Path config) {
        return assertThrows(AttentionException.class, () -> ENGINE.load(config)).getMessage();
    }
}
