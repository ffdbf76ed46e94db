package dev.attention.variants;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.attention.api.Alignment;
import dev.attention.api.AttentionInputs;
import dev.attention.api.AttentionResult;
import dev.attention.api.DType;
import dev.attention.api.Distribution;
import dev.attention.api.Mode;
import dev.attention.api.Parameters;
import dev.attention.api.Tensor;
import dev.attention.api.Variant;
import dev.attention.api.VariantGradients;
import dev.attention.api.kernel.AttentionKernel;
import dev.attention.api.kernel.Dropout;
import dev.attention.api.spi.PluginContext;
import dev.attention.api.spi.VariantProvider;
import dev.attention.tck.GradientCheck;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * multi-head on the kernel service against its per-head general path: the same variant (same seed,
 * same parameters) once with components that declare the fused form and once with an alignment
 * wrapper that declares nothing. Forward results and every gradient agree within {@code 1e-12·max}
 * in float64 and {@code 3e-5·max} in float32 (the general path rounds scores and weights to
 * float32), over random settings: self and cross, 1–4 heads, grouped-query kv-heads (1 = multi-query),
 * a head-dim apart from dim / heads, soft-capped scores, each bias switched off on its own, padding on both sides, causal,
 * window, ALiBi, positions, rotary positions (RoPE, both layouts, partial, offset), dropout in training,
 * averaged weights, add-bias-kv and add-zero-attn, with and without bias, weights
 * wanted or not, batched in 0–2 axes, with and without a key mask and a score bias (shared, per
 * batch element, per head; some entries −∞).
 */
class MultiHeadKernelPathTest {
    private static final double TOL64 = 1e-12;
    private static final double TOL32 = 3e-5;

    /** One random case: settings, inputs, and how the variants are made. */
    private record Case(Map<String, Object> config, Map<String, Integer> widths, AttentionInputs inputs, DType dtype,
            long seed, double tau, boolean scaled) {

        Variant create(Alignment a, Distribution f, AttentionKernel kernel) {
            VariantProvider p = Fixtures.provider("multi-head");
            return p.create(PluginContext.builder(p.id(), p.parameters()).parameters(config).widths(widths)
                    .dtype(dtype).seed(seed).alignment(a).distribution(f).kernel(kernel).build());
        }

        Alignment alignment() {
            return scaled ? KernelComponents.scaledDot() : KernelComponents.dot();
        }

        @Override
        public String toString() {
            return config + " " + dtype.id() + " τ " + tau + (scaled ? " scaled" : " dot") + " inputs "
                    + describe(inputs);
        }
    }

    @Test
    void the_kernel_path_agrees_with_the_general_path_forward_and_backward() {
        Random r = new Random(20);
        for (int t = 0; t < 120; t++) {
            Case c = randomCase(r, t);
            try {
                compare(c, t);
            } catch (AssertionError e) {
                throw new AssertionError("case " + t + ": " + c + ": " + e.getMessage(), e);
            }
        }
    }

    private static void compare(Case c, int t) {
        KernelComponents.Counting fusedKernel = new KernelComponents.Counting();
        KernelComponents.Counting generalKernel = new KernelComponents.Counting();
        Variant fused = c.create(c.alignment(), KernelComponents.softmax(c.tau()), fusedKernel);
        // Alternate which component stops declaring: either sends the variant down the general path.
        Variant general = t % 2 == 0
                ? c.create(KernelComponents.undeclared(c.alignment()), KernelComponents.softmax(c.tau()), generalKernel)
                : c.create(c.alignment(), KernelComponents.undeclared(KernelComponents.softmax(c.tau())), generalKernel);
        Parameters p = randomParameters(fused.parameters(), 1000 + t, c.dtype());
        fused = fused.withParameters(p);
        general = general.withParameters(p);
        assertEquals(fused.parameters(), general.parameters(), "same parameter names, order and values");

        AttentionResult rf = fused.forward(c.inputs());
        AttentionResult rg = general.forward(c.inputs());
        assertEquals(1, fusedKernel.attends.get(), "one kernel call for all heads");
        assertEquals(0, generalKernel.attends.get(), "the general path does not call the kernel");
        boolean wanted = c.inputs().weightsWanted();
        List<String> expectedNames = new ArrayList<>(rg.names());
        if (!wanted) {
            expectedNames.removeAll(List.of(AttentionResult.WEIGHTS, MultiHeadVariant.WEIGHTS_MEAN));
        }
        assertEquals(expectedNames, new ArrayList<>(rf.names()), "result names");
        double tol = c.dtype() == DType.FLOAT64 ? TOL64 : TOL32;
        for (String name : rf.names()) {
            assertEquals(c.dtype(), rf.get(name).dtype(), name + " dtype");
            assertClose(name, rg.get(name), rf.get(name), tol);
        }
        if (wanted && c.config().containsKey("dropout") && c.inputs().mode() == Mode.TRAIN) {
            Tensor wf = rf.get(AttentionResult.WEIGHTS);
            Tensor wg = rg.get(AttentionResult.WEIGHTS);
            for (int x = 0; x < wf.size(); x++) {
                assertEquals(wg.at(x) == 0, wf.at(x) == 0, "weight " + x + ": the same weights are dropped");
            }
        }

        Map<String, Tensor> probes = new LinkedHashMap<>();
        long seed = 77L * t;
        for (String name : rf.names()) {
            probes.put(name, GradientCheck.probe(rf.get(name).shape(), seed++).to(c.dtype()));
        }
        VariantGradients gf = fused.backward(c.inputs(), rf, probes);
        VariantGradients gg = general.backward(c.inputs(), rg, probes);
        assertEquals(1, fusedKernel.attends.get(), "backward reuses the saved forward pass");
        assertEquals(1, fusedKernel.backwards.get(), "one kernel backward call");
        assertEquals(0, generalKernel.attends.get() + generalKernel.backwards.get());
        assertEquals(gg.inputs().keySet(), gf.inputs().keySet());
        for (String name : gg.inputs().keySet()) {
            assertEquals(gg.inputs().get(name).dtype(), gf.inputs().get(name).dtype(), name + " gradient dtype");
            assertClose("d " + name, gg.inputs().get(name), gf.inputs().get(name), tol);
        }
        assertEquals(new ArrayList<>(gg.parameters().names()), new ArrayList<>(gf.parameters().names()));
        for (String name : gg.parameters().names()) {
            assertEquals(gg.parameters().get(name).dtype(), gf.parameters().get(name).dtype(), name + " dtype");
            assertClose("d " + name, gg.parameters().get(name), gf.parameters().get(name), tol);
        }

        // Without the saved pass (a result rebuilt from its tensors) backward recomputes the same.
        VariantGradients again = fused.backward(c.inputs(), AttentionResult.of(rf.asMap()), probes);
        assertEquals(2, fusedKernel.attends.get(), "recomputed");
        for (String name : gf.parameters().names()) {
            assertEquals(gf.parameters().get(name), again.parameters().get(name), name + " recomputed");
        }

        if (c.dtype() == DType.FLOAT64 && t % 5 == 1) {
            Variant v = fused;
            List<String> checked = new ArrayList<>(List.of("variant.W_k", "variant.W_o"));
            if (p.names().contains("variant.bias_k")) {
                checked.addAll(List.of("variant.bias_k", "variant.bias_v"));
            }
            for (String name : checked) {
                GradientCheck.check(name, p.get(name), x -> loss(v.withParameters(Parameters.of(name, x))
                        .forward(c.inputs()), probes), gf.parameters().get(name));
            }
            String input = c.inputs().names().iterator().next();
            GradientCheck.check(input, c.inputs().tensor(input),
                    x -> loss(v.forward(c.inputs().with(input, x)), probes), gf.inputs().get(input));
        }
    }

    @Test
    void dropout_decisions_are_the_general_paths_bit_for_bit() {
        Random r = new Random(3);
        for (int t = 0; t < 20; t++) {
            double p = 0.05 + 0.9 * r.nextDouble();
            long seed = r.nextLong();
            long step = r.nextInt(1000);
            AttentionDropout general = new AttentionDropout(p, seed).atStep(step);
            Dropout kernel = new Dropout(p, seed, step);
            for (int b = 0; b < 3; b++) {
                for (int h = 0; h < 4; h++) {
                    for (int i = 0; i < 5; i++) {
                        for (int j = 0; j < 5; j++) {
                            assertEquals(general.factor(b, h, i, j), kernel.factor(b, h, i, j));
                        }
                    }
                }
            }
        }
    }

    @Test
    void a_caller_mask_a_learnable_alignment_or_an_undeclared_distribution_keep_the_general_path() {
        KernelComponents.Counting k = new KernelComponents.Counting();
        VariantProvider p = Fixtures.provider("multi-head");
        PluginContext.Builder b = PluginContext.builder(p.id(), p.parameters()).parameters(Map.of("heads", 2))
                .width("sequence", 4).kernel(k);
        AttentionInputs in = AttentionInputs.builder()
                .put("sequence", GradientCheck.random(new int[] {2, 3, 4}, 5, -1, 1)).build();
        Variant declared = p.create(b.alignment(KernelComponents.dot()).distribution(KernelComponents.softmax(1)).build());
        declared.forward(in.toBuilder().mask((x, i, j) -> j != 1).build());
        assertEquals(0, k.attends.get(), "caller mask");
        p.create(b.alignment(TestComponents.scaledDot(0.5)).distribution(KernelComponents.softmax(1)).build())
                .forward(in);
        assertEquals(0, k.attends.get(), "per-head learnable alignment");
        p.create(b.alignment(KernelComponents.dot()).distribution(TestComponents.temperedSoftmax(2)).build())
                .forward(in);
        assertEquals(0, k.attends.get(), "learnable distribution");
        declared.forward(in);
        assertEquals(1, k.attends.get(), "declared components without a caller mask use the kernel");
    }

    @Test
    void without_wanted_weights_only_the_output_is_returned_and_its_gradients_are_the_same() {
        Variant v = new Case(Map.of("heads", 2, "dim", 4, "average-weights", true, "causal", true), Map.of("sequence", 3),
                null, DType.FLOAT64, 4, 1, true).create(KernelComponents.scaledDot(), KernelComponents.softmax(1),
                AttentionKernel.reference());
        v = v.withParameters(randomParameters(v.parameters(), 8, DType.FLOAT64));
        AttentionInputs all = AttentionInputs.builder()
                .put("sequence", GradientCheck.random(new int[] {2, 4, 3}, 6, -1, 1), 4, 2).build();
        AttentionInputs outputOnly = all.withWeightsWanted(false);
        AttentionResult full = v.forward(all);
        AttentionResult lean = v.forward(outputOnly);
        assertEquals(List.of("output", "weights", "weights_mean"), new ArrayList<>(full.names()));
        assertEquals(List.of("output"), new ArrayList<>(lean.names()));
        assertEquals(full.output(), lean.output());
        Map<String, Tensor> probe = Map.of("output", GradientCheck.probe(full.output().shape(), 9));
        VariantGradients a = v.backward(all, full, probe);
        VariantGradients b = v.backward(outputOnly, lean, probe);
        assertEquals(a.inputs(), b.inputs());
        assertEquals(a.parameters(), b.parameters());
    }

    @Test
    void padded_queries_give_zero_and_a_query_that_sees_no_key_gets_the_output_bias() {
        Case c = new Case(Map.of("inputs", "cross", "heads", 2, "dim", 4, "causal", true),
                Map.of("queries", 3, "keys", 2, "values", 2), null, DType.FLOAT64, 1, 1, true);
        Variant v = c.create(KernelComponents.scaledDot(), KernelComponents.softmax(1), AttentionKernel.reference());
        v = v.withParameters(randomParameters(v.parameters(), 2, DType.FLOAT64));
        Tensor bo = v.parameters().get("variant.b_o");
        // Batch row 0 has no real key; row 1 has 2 real queries of 3 and 2 keys.
        AttentionInputs in = AttentionInputs.builder()
                .put("queries", GradientCheck.random(new int[] {2, 3, 3}, 1, -1, 1), 3, 2)
                .put("keys", GradientCheck.random(new int[] {2, 2, 2}, 2, -1, 1), 0, 2)
                .put("values", GradientCheck.random(new int[] {2, 2, 2}, 3, -1, 1), 0, 2).build();
        AttentionResult r = v.forward(in);
        for (int i = 0; i < 3; i++) {
            for (int col = 0; col < 4; col++) {
                assertEquals(bo.at(col), r.output().get(0, i, col), 1e-15, "no visible key: b_o");
                assertEquals(i < 2 ? r.output().get(1, i, col) : 0.0, r.output().get(1, i, col));
            }
        }
        assertTrue(Math.abs(r.output().get(1, 1, 0) - bo.at(0)) > 1e-6, "a query seeing keys is not just b_o");
        Tensor w = r.weights().orElseThrow();
        assertArrayEquals(new int[] {2, 2, 3, 2}, w.shape());
        for (int x = 0; x < 2 * 3 * 2; x++) {
            assertEquals(0.0, w.at(x), "batch row 0 has no weights");
        }
    }

    @Test
    void empty_queries_or_keys_agree_with_the_general_path() {
        int t = 0;
        for (int[] rows : new int[][] {{0, 3}, {3, 0}, {0, 0}}) {
            AttentionInputs in = AttentionInputs.builder()
                    .put("queries", GradientCheck.random(new int[] {2, rows[0], 2}, 1, -1, 1))
                    .put("keys", GradientCheck.random(new int[] {2, rows[1], 2}, 2, -1, 1))
                    .put("values", GradientCheck.random(new int[] {2, rows[1], 1}, 3, -1, 1)).build();
            compare(new Case(Map.of("inputs", "cross", "heads", 2, "dim", 2, "average-weights", true),
                    Map.of("queries", 2, "keys", 2, "values", 1), in, DType.FLOAT64, 5, 1, true), 2 * t++);
            // No real key, but the appended ones: every real query attends to them.
            compare(new Case(Map.of("inputs", "cross", "heads", 2, "dim", 2, "average-weights", true,
                    "add-bias-kv", true, "add-zero-attn", true), Map.of("queries", 2, "keys", 2, "values", 1), in,
                    DType.FLOAT64, 5, 1, true), 2 * t++);
        }
    }

    private static Case randomCase(Random r, int t) {
        DType dtype = r.nextBoolean() ? DType.FLOAT64 : DType.FLOAT32;
        boolean cross = r.nextBoolean();
        int heads = 1 + r.nextInt(3);
        int dHead = 1 + r.nextInt(2);
        Map<String, Object> config = new LinkedHashMap<>();
        if (cross) {
            config.put("inputs", "cross");
        }
        // The modern layers' settings draw from their own stream, so the others are drawn as before.
        Random modern = new Random(7000 + t);
        if (modern.nextInt(3) == 0) {
            heads = 4;
        }
        config.put("heads", heads);
        if (modern.nextBoolean()) {
            int kv = heads == 4 ? List.of(1, 2, 4).get(modern.nextInt(3)) : modern.nextBoolean() ? 1 : heads;
            config.put("kv-heads", kv);
        }
        if (modern.nextBoolean()) {
            config.put("head-dim", 1 + modern.nextInt(3));
            config.put("dim", 1 + modern.nextInt(4));
        } else {
            config.put("dim", heads * dHead);
        }
        if (modern.nextBoolean()) {
            config.put("softcap", 0.3 + 2 * modern.nextDouble());
        }
        // Rotary positions draw from their own stream too; RoPE needs an even head width.
        Random rotary = new Random(8000 + t);
        if (rotary.nextInt(3) == 0) {
            int width = 2 * (1 + rotary.nextInt(2));
            config.put("rope", true);
            config.put("head-dim", width);
            config.put("rope-dims", width == 4 && rotary.nextBoolean() ? 2 : 0);
            config.put("rope-layout", rotary.nextBoolean() ? "interleaved" : "rotate-half");
            config.put("rope-theta", rotary.nextBoolean() ? 10000.0 : 3 + 20 * rotary.nextDouble());
            config.put("rope-offset", rotary.nextInt(4) == 0 ? 0 : rotary.nextInt(50));
        }
        if (r.nextInt(3) == 0) {
            config.put("bias", false);
        } else {
            for (String b : List.of("bias-q", "bias-k", "bias-v", "bias-o")) {
                if (modern.nextInt(4) == 0) {
                    config.put(b, false);
                }
            }
        }
        if (r.nextBoolean()) {
            config.put("causal", true);
        }
        if (r.nextInt(3) == 0) {
            config.put("window", 1 + r.nextInt(3));
        }
        if (r.nextBoolean()) {
            config.put("alibi", true);
        }
        // add-bias-kv and add-zero-attn draw from their own stream; rope and ALiBi refuse them.
        Random extra = new Random(9500 + t);
        if (!config.containsKey("rope") && !config.containsKey("alibi")) {
            if (extra.nextBoolean()) {
                config.put("add-bias-kv", true);
            }
            if (extra.nextBoolean()) {
                config.put("add-zero-attn", true);
            }
        }
        if (r.nextBoolean()) {
            config.put("average-weights", true);
        }
        boolean train = r.nextBoolean();
        if (train || r.nextInt(4) == 0) {
            config.put("dropout", 0.1 + 0.5 * r.nextDouble());
        }
        String positional = List.of("none", "sinusoidal", "learned").get(r.nextInt(3));
        if (!positional.equals("none")) {
            config.put("positional", positional);
            config.put("max-length", 8);
        }
        int[] batch = List.of(new int[0], new int[] {2}, new int[] {3}, new int[] {2, 2}).get(r.nextInt(4));
        int size = Arrays.stream(batch).reduce(1, (a, b) -> a * b);
        int n = 1 + r.nextInt(5);
        int m = cross ? 1 + r.nextInt(5) : n;
        int dq = 1 + r.nextInt(3);
        int dk = positional.equals("learned") ? dq : 1 + r.nextInt(3);
        int dv = 1 + r.nextInt(3);
        AttentionInputs.Builder in = AttentionInputs.builder().mode(train ? Mode.TRAIN : Mode.EVAL)
                .step(r.nextInt(3)).weights(r.nextInt(3) != 0);
        Map<String, Integer> widths = new LinkedHashMap<>();
        long s = 500L * t;
        if (cross) {
            widths.put("queries", dq);
            widths.put("keys", dk);
            widths.put("values", dv);
            put(in, "queries", GradientCheck.random(shape(batch, n, dq), s, -1.5, 1.5), r.nextBoolean() ? lengths(r, size, n) : null);
            int[] keyLengths = r.nextBoolean() ? lengths(r, size, m) : null;
            put(in, "keys", GradientCheck.random(shape(batch, m, dk), s + 1, -1.5, 1.5), keyLengths);
            put(in, "values", GradientCheck.random(shape(batch, m, dv), s + 2, -1.5, 1.5),
                    keyLengths != null && r.nextBoolean() ? keyLengths : null);
        } else {
            widths.put("sequence", dq);
            put(in, "sequence", GradientCheck.random(shape(batch, n, dq), s, -1.5, 1.5),
                    r.nextBoolean() ? lengths(r, size, n) : null);
        }
        dataMasks(new Random(9000 + t), in, batch, heads, n, m, dtype);
        AttentionInputs built = in.build();
        AttentionInputs converted = built;
        for (String name : built.names()) {
            converted = converted.with(name, built.tensor(name).to(dtype));
        }
        double tau = r.nextBoolean() ? 1 : 0.5 + r.nextDouble();
        return new Case(config, widths, converted, dtype, t, tau, r.nextBoolean());
    }

    /**
     * A key mask (a third of the cases) and a score bias (a third) of a random layout: shared
     * {@code [n, m]}, per batch element or per head, a sixth of its entries {@code −∞}. Its own
     * random stream, so the other settings are drawn as before.
     */
    private static void dataMasks(Random r, AttentionInputs.Builder in, int[] batch, int heads, int n, int m,
            DType dtype) {
        int size = Arrays.stream(batch).reduce(1, (a, b) -> a * b);
        if (r.nextInt(3) == 0) {
            boolean[] keep = new boolean[size * m];
            for (int x = 0; x < keep.length; x++) {
                keep[x] = r.nextInt(4) != 0;
            }
            in.keyMask(keep);
        }
        if (r.nextInt(3) == 0) {
            int layout = r.nextInt(3);
            int[] shape = layout == 0 ? new int[] {n, m} : layout == 1 ? shape(batch, n, m)
                    : shape(Arrays.copyOf(batch, batch.length + 1), n, m);
            if (layout == 2) {
                shape[batch.length] = heads;
            }
            int count = Arrays.stream(shape).reduce(1, (a, c) -> a * c);
            double[] v = new double[count];
            for (int x = 0; x < count; x++) {
                v[x] = r.nextInt(6) == 0 ? Double.NEGATIVE_INFINITY : 2 * r.nextGaussian();
            }
            in.scoreBias(Tensor.of(dtype, shape, v));
        }
    }

    private static void put(AttentionInputs.Builder in, String name, Tensor t, int[] lengths) {
        if (lengths == null) {
            in.put(name, t);
        } else {
            in.put(name, t, lengths);
        }
    }

    private static int[] lengths(Random r, int size, int rows) {
        int[] l = new int[size];
        for (int b = 0; b < size; b++) {
            l[b] = r.nextInt(rows + 1);
        }
        return l;
    }

    private static int[] shape(int[] batch, int rows, int cols) {
        int[] s = Arrays.copyOf(batch, batch.length + 2);
        s[batch.length] = rows;
        s[batch.length + 1] = cols;
        return s;
    }

    /** Every parameter uniform in [−0.8, 0.8), biases included so that b_o is seen. */
    static Parameters randomParameters(Parameters like, long seed, DType dtype) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        long s = seed;
        for (String name : like.names()) {
            out.put(name, GradientCheck.random(like.get(name).shape(), s++, -0.8, 0.8).to(dtype));
        }
        return Parameters.of(out);
    }

    private static double loss(AttentionResult r, Map<String, Tensor> probes) {
        double l = 0;
        for (Map.Entry<String, Tensor> e : probes.entrySet()) {
            l += GradientCheck.dot(e.getValue(), r.get(e.getKey()));
        }
        return l;
    }

    /**
     * {@code max|got − ref| ≤ tol · max(max|ref|, 0.01)}: the floor serves gradients that vanish up
     * to rounding (b_k's: softmax does not change when every score of a row moves together).
     */
    static void assertClose(String what, Tensor ref, Tensor got, double tol) {
        assertArrayEquals(ref.shape(), got.shape(), what + " shape");
        double max = 0;
        double err = 0;
        int worst = -1;
        for (int x = 0; x < ref.size(); x++) {
            max = Math.max(max, Math.abs(ref.at(x)));
            double e = Math.abs(ref.at(x) - got.at(x));
            if (!(e <= err)) {
                err = e;
                worst = x;
            }
        }
        if (!(err <= tol * Math.max(max, 0.01))) {
            fail(what + ": max error " + err + " at " + worst + " (ref " + ref.at(worst) + ", got " + got.at(worst)
                    + ") exceeds " + tol + " · " + max);
        }
    }

    private static String describe(AttentionInputs in) {
        StringBuilder b = new StringBuilder();
        for (String name : in.names()) {
            b.append(name).append(Arrays.toString(in.tensor(name).shape()));
            in.lengths(name).ifPresent(l -> b.append(" lengths ").append(Arrays.toString(l)));
            b.append("; ");
        }
        return b.append(in.mode()).append(" step ").append(in.step()).append(in.weightsWanted() ? "" : " no weights")
                .toString();
    }
}
