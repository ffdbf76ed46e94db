package dev.attention.variants;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.attention.api.Alignment;
import dev.attention.api.AttentionInputs;
import dev.attention.api.AttentionResult;
import dev.attention.api.DType;
import dev.attention.api.Distribution;
import dev.attention.api.Mask;
import dev.attention.api.Tensor;
import dev.attention.api.Variant;
import dev.attention.api.VariantGradients;
import dev.attention.api.kernel.AttentionKernel;
import dev.attention.api.kernel.KernelResult;
import dev.attention.api.spi.PluginContext;
import dev.attention.api.spi.VariantProvider;
import dev.attention.tck.GradientCheck;
import dev.attention.tck.ReferenceComponents;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The kernel path of global, cross, self, local-m and pooling computes what the general path
 * computes: the same variant is built twice from one context, once with a dot-product alignment
 * and softmax that declare themselves (kernel path) and once with the same alignment hiding its
 * declaration (general path), on random shapes, lengths (some zero), causal and window masks,
 * ALiBi and projections, in float32 and float64. Outputs, weights, input gradients and parameter
 * gradients agree per tensor within {@code tol · max|general|} (1e-5 float32, 1e-12 float64),
 * except float32 gradients, held to 1e-5 of the largest gradient of the pass: a summed gradient
 * such as pooling's {@code db = Σ_t dz_t} can cancel to far below its terms, whose float32
 * rounding (the general path rounds scores and weights, the kernel does not) then dominates it;
 * counting kernels show which path ran, that backward reuses the saved forward, and that a result
 * without saved state is recomputed through the kernel.
 */
class KernelPathAgreementTest {
    private static final int CASES = 12;

    @Test
    void global_with_padding() {
        for (int seed = 0; seed < CASES; seed++) {
            Random r = new Random(seed);
            Shape s = Shape.random(r);
            AttentionInputs in = AttentionInputs.builder()
                    .put("queries", tensor(r, s.batch, s.n, s.d), lengths(r, s.batch, s.n))
                    .put("keys", tensor(r, s.batch, s.m, s.d), lengths(r, s.batch, s.m))
                    .put("values", tensor(r, s.batch, s.m, s.dv)).build();
            in = withValueLengths(in);
            agree("global " + s, Fixtures.provider("global"), Map.of(), in, r);
        }
    }

    @Test
    void cross_with_padding_causal_alibi_and_projections() {
        for (int seed = 0; seed < CASES; seed++) {
            Random r = new Random(100 + seed);
            Shape s = Shape.random(r);
            Map<String, Object> config = Map.of("causal", r.nextBoolean(), "alibi", r.nextBoolean(),
                    "project", seed % 3 == 0);
            AttentionInputs in = AttentionInputs.builder()
                    .put("queries", tensor(r, s.batch, s.n, s.d), lengths(r, s.batch, s.n))
                    .put("keys", tensor(r, s.batch, s.m, s.d), lengths(r, s.batch, s.m))
                    .put("values", tensor(r, s.batch, s.m, s.dv)).build();
            agree("cross " + config + " " + s, Fixtures.provider("cross"), config, withValueLengths(in), r);
        }
    }

    @Test
    void self_with_padding_causal_window_alibi_and_projections() {
        for (int seed = 0; seed < CASES; seed++) {
            Random r = new Random(200 + seed);
            Shape s = Shape.random(r);
            Map<String, Object> config = Map.of("causal", seed % 2 == 0, "window", seed % 4 < 2 ? 0 : 1 + r.nextInt(3),
                    "alibi", r.nextBoolean(), "project", seed % 3 == 0);
            AttentionInputs in = AttentionInputs.builder()
                    .put("sequence", tensor(r, s.batch, s.n, s.d), lengths(r, s.batch, s.n)).build();
            agree("self " + config + " " + s, Fixtures.provider("self"), config, in, r);
        }
    }

    @Test
    void local_m_with_padding() {
        for (int seed = 0; seed < CASES; seed++) {
            Random r = new Random(300 + seed);
            Shape s = Shape.random(r);
            Map<String, Object> config = Map.of("window", r.nextInt(4));
            AttentionInputs in = AttentionInputs.builder()
                    .put("queries", tensor(r, s.batch, s.n, s.d), lengths(r, s.batch, s.n))
                    .put("keys", tensor(r, s.batch, s.m, s.d), lengths(r, s.batch, s.m))
                    .put("values", tensor(r, s.batch, s.m, s.dv)).build();
            agree("local-m " + config + " " + s, Fixtures.provider("local-m"), config, withValueLengths(in), r);
        }
    }

    @Test
    void pooling_with_padding_and_hidden_keys() {
        for (int seed = 0; seed < CASES; seed++) {
            Random r = new Random(400 + seed);
            Shape s = Shape.random(r);
            Map<String, Object> config = Map.of("hidden", seed % 2 == 0 ? 0 : 1 + r.nextInt(4));
            AttentionInputs in = AttentionInputs.builder()
                    .put("sequence", tensor(r, s.batch, s.m, s.d), lengths(r, s.batch, s.m)).build();
            agree("pooling " + config + " " + s, Fixtures.provider("pooling"), config, in, r);
        }
    }

    @Test
    void the_reference_components_take_the_kernel_path_and_undeclared_ones_do_not() {
        AttentionInputs in = AttentionInputs.builder().put("queries", ContractInputs.queries())
                .put("keys", ContractInputs.keys()).put("values", ContractInputs.values()).build();
        PathComponents.Counting kernel = new PathComponents.Counting();
        Variant v = create(Fixtures.provider("global"), Map.of(), in, DType.FLOAT64, ReferenceComponents.dot(),
                ReferenceComponents.softmax(), kernel);
        assertTrue(v.forward(in).saved(KernelResult.class).isPresent());
        assertEquals(1, kernel.attends.get());
        PathComponents.Counting none = new PathComponents.Counting();
        Variant general = create(Fixtures.provider("global"), Map.of(), in, DType.FLOAT64, ReferenceComponents.dot(),
                PathComponents.silent(ReferenceComponents.softmax()), none);
        assertFalse(general.forward(in).saved(KernelResult.class).isPresent());
        assertEquals(0, none.attends.get(), "a distribution declaring nothing keeps the general path");
    }

    @Test
    void a_caller_mask_keeps_global_on_the_general_path() {
        Mask leaveOneOut = (b, i, j) -> i != j;
        AttentionInputs in = AttentionInputs.builder().put("queries", ContractInputs.queries())
                .put("keys", ContractInputs.keys()).put("values", ContractInputs.values()).mask(leaveOneOut).build();
        PathComponents.Counting kernel = new PathComponents.Counting();
        Variant v = create(Fixtures.provider("global"), Map.of(), in, DType.FLOAT64, PathComponents.dot(1),
                PathComponents.softmax(1), kernel);
        AttentionResult r = v.forward(in);
        assertEquals(0, kernel.attends.get());
        Tensor w = r.weights().orElseThrow();
        for (int b = 0; b < w.batchSize(); b++) {
            for (int i = 0; i < Math.min(w.rows(), w.cols()); i++) {
                assertEquals(0.0, w.get(b, i, i), "the caller's mask holds");
            }
        }
        v.backward(in, r, Map.of(AttentionResult.OUTPUT, GradientCheck.probe(r.output().shape(), 3)));
        assertEquals(0, kernel.backwards.get());
    }

    /** Builds the variant on both paths in both dtypes and compares everything. */
    private static void agree(String what, VariantProvider provider, Map<String, Object> config, AttentionInputs in64,
            Random r) {
        double s = 0.3 + r.nextDouble();
        double tau = 0.5 + r.nextDouble();
        for (DType dtype : DType.values()) {
            String at = what + " s=" + s + " τ=" + tau + " " + dtype.id();
            AttentionInputs in = in64;
            for (String name : in64.names()) {
                in = in.with(name, in64.tensor(name).to(dtype));
            }
            double tol = dtype == DType.FLOAT32 ? 1e-5 : 1e-12;
            PathComponents.Counting kernel = new PathComponents.Counting();
            PathComponents.Counting other = new PathComponents.Counting();
            Variant fused = create(provider, config, in, dtype, PathComponents.dot(s), PathComponents.softmax(tau),
                    kernel);
            Variant general = create(provider, config, in, dtype, PathComponents.silent(PathComponents.dot(s)),
                    PathComponents.softmax(tau), other);

            AttentionResult rf = fused.forward(in);
            AttentionResult rg = general.forward(in);
            assertEquals(1, kernel.attends.get(), at + ": one kernel call forward");
            assertEquals(0, other.attends.get(), at + ": the general path never attends through the kernel");
            assertTrue(rf.saved(KernelResult.class).isPresent(), at + ": kernel state saved");
            assertEquals(rg.names(), rf.names(), at);
            for (String name : rg.names()) {
                close(at + " " + name, rg.get(name), rf.get(name), tol);
            }

            Map<String, Tensor> probes = new LinkedHashMap<>();
            probes.put(AttentionResult.OUTPUT, GradientCheck.probe(rg.output().shape(), r.nextLong()).to(dtype));
            probes.put(AttentionResult.WEIGHTS, GradientCheck.probe(rg.weights().orElseThrow().shape(), r.nextLong())
                    .to(dtype));
            VariantGradients gf = fused.backward(in, rf, probes);
            VariantGradients gg = general.backward(in, rg, probes);
            assertEquals(1, kernel.backwards.get(), at + ": one kernel call backward");
            assertEquals(1, kernel.attends.get(), at + ": backward reuses the saved forward");
            assertEquals(0, other.backwards.get(), at);
            gradientsClose(at, gg, gf, tol);

            // A result without saved state (e.g. rebuilt from its tensors) is recomputed through the kernel.
            VariantGradients again = fused.backward(in, AttentionResult.of(rf.asMap()), probes);
            assertEquals(2, kernel.attends.get(), at + ": forward recomputed for backward");
            gradientsClose(at + " (recomputed)", gg, again, tol);

            // Weights not wanted: no weights result, the same output and output gradients.
            AttentionInputs lean = in.withWeightsWanted(false);
            AttentionResult rl = fused.forward(lean);
            assertFalse(rl.names().contains(AttentionResult.WEIGHTS), at + ": weights left out when not wanted");
            close(at + " output without weights", rg.output(), rl.output(), tol);
            Map<String, Tensor> outputOnly = Map.of(AttentionResult.OUTPUT, probes.get(AttentionResult.OUTPUT));
            gradientsClose(at + " without weights", general.backward(in, rg, outputOnly),
                    fused.backward(lean, rl, outputOnly), tol);
        }
    }

    private static Variant create(VariantProvider provider, Map<String, Object> config, AttentionInputs in, DType dtype,
            Alignment a, Distribution f, AttentionKernel kernel) {
        PluginContext.Builder b = PluginContext.builder(provider.id(), provider.parameters()).parameters(config)
                .dtype(dtype).seed(17).alignment(a).distribution(f).kernel(kernel);
        for (String name : in.names()) {
            b.width(name, in.tensor(name).cols());
        }
        return provider.create(b.build());
    }

    private static void gradientsClose(String what, VariantGradients expected, VariantGradients actual, double tol) {
        assertEquals(new TreeSet<>(expected.inputs().keySet()), new TreeSet<>(actual.inputs().keySet()), what);
        assertEquals(expected.parameters().names(), actual.parameters().names(), what + " parameter names");
        Map<String, Tensor> all = new LinkedHashMap<>(expected.inputs());
        all.putAll(expected.parameters().asMap());
        double largest = 0;
        boolean float32 = false;
        for (Tensor t : all.values()) {
            largest = Math.max(largest, maxAbs(t));
            float32 |= t.dtype() == DType.FLOAT32;
        }
        double floor = float32 ? largest : 0;
        for (String name : expected.inputs().keySet()) {
            close(what + " d" + name, expected.inputs().get(name), actual.inputs().get(name), tol, floor);
        }
        for (String name : expected.parameters().names()) {
            close(what + " d" + name, expected.parameters().get(name), actual.parameters().get(name), tol, floor);
        }
    }

    private static void close(String what, Tensor expected, Tensor actual, double tol) {
        close(what, expected, actual, tol, 0);
    }

    /** {@code max|a − e| ≤ tol · max(max|e|, floor)} (an all-zero tensor must be matched exactly). */
    private static void close(String what, Tensor expected, Tensor actual, double tol, double floor) {
        assertArrayEquals(expected.shape(), actual.shape(), what + " shape");
        assertEquals(expected.dtype(), actual.dtype(), what + " dtype");
        double scale = Math.max(maxAbs(expected), floor);
        double diff = 0;
        for (int x = 0; x < expected.size(); x++) {
            diff = Math.max(diff, Math.abs(expected.at(x) - actual.at(x)));
        }
        if (!(diff <= tol * scale)) {
            fail(what + ": max difference " + diff + " > " + tol + " · " + scale);
        }
    }

    private static double maxAbs(Tensor t) {
        double max = 0;
        for (int x = 0; x < t.size(); x++) {
            max = Math.max(max, Math.abs(t.at(x)));
        }
        return max;
    }

    /** Batch 1–3, n and m 1–6, d 1–5, d_v 1–4. */
    private record Shape(int batch, int n, int m, int d, int dv) {
        static Shape random(Random r) {
            return new Shape(1 + r.nextInt(3), 1 + r.nextInt(6), 1 + r.nextInt(6), 1 + r.nextInt(5), 1 + r.nextInt(4));
        }
    }

    private static Tensor tensor(Random r, int... shape) {
        return GradientCheck.random(shape, r.nextLong(), -1.5, 1.5);
    }

    /** Lengths in 0..rows, full more often than not. */
    private static int[] lengths(Random r, int batch, int rows) {
        int[] l = new int[batch];
        for (int b = 0; b < batch; b++) {
            l[b] = r.nextInt(3) == 0 ? r.nextInt(rows + 1) : rows;
        }
        return l;
    }

    private static AttentionInputs withValueLengths(AttentionInputs in) {
        Tensor v = in.tensor("values");
        return in.toBuilder().put("values", v, in.lengths("keys").orElseThrow()).build();
    }
}
