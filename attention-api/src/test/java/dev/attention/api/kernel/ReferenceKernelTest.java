package dev.attention.api.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.attention.api.DType;
import dev.attention.api.ShapeException;
import dev.attention.api.Tensor;
import org.junit.jupiter.api.Test;

/** The reference kernel against values worked out by hand. */
class ReferenceKernelTest {
    private static final AttentionKernel REF = AttentionKernel.reference();

    @Test
    void one_query_two_keys_by_hand() {
        // q = (1, 0); k_0 = (2, 0), k_1 = (0, 1); scale 1: z = (2, 0); p = (e², 1)/(e² + 1).
        Tensor q = Tensor.matrix(DType.FLOAT64, new double[] {1, 0});
        Tensor k = Tensor.matrix(DType.FLOAT64, new double[] {2, 0}, new double[] {0, 1});
        Tensor v = Tensor.matrix(DType.FLOAT64, new double[] {10}, new double[] {20});
        KernelResult r = REF.attend(q, k, v, KernelSpec.defaults().scale(1).weights(true));
        double e2 = Math.exp(2);
        double p0 = e2 / (e2 + 1);
        assertEquals(p0, r.weights().orElseThrow().get(0, 0), 1e-15);
        assertEquals(10 * p0 + 20 * (1 - p0), r.output().get(0, 0), 1e-13);
        assertEquals(Math.log(e2 + 1), r.logSumExp(0), 1e-15);
    }

    @Test
    void causal_bottom_right_and_masked_rows() {
        // 2 queries, 3 keys, all scores 0: top-left causal lets query 0 see key 0 only; bottom-right
        // lines query 1 up with key 2, so query 0 sees keys 0, 1.
        Tensor q = Tensor.matrix(DType.FLOAT64, new double[] {0}, new double[] {0});
        Tensor k = Tensor.matrix(DType.FLOAT64, new double[] {0}, new double[] {0}, new double[] {0});
        Tensor v = Tensor.matrix(DType.FLOAT64, new double[] {3}, new double[] {6}, new double[] {9});
        Tensor tl = REF.attend(q, k, v, KernelSpec.defaults().causal(Diagonal.TOP_LEFT)).output();
        assertEquals(3, tl.get(0, 0), 1e-15);
        assertEquals(4.5, tl.get(1, 0), 1e-15);
        Tensor br = REF.attend(q, k, v, KernelSpec.defaults().causal(Diagonal.BOTTOM_RIGHT)).output();
        assertEquals(4.5, br.get(0, 0), 1e-15);
        assertEquals(6, br.get(1, 0), 1e-15);
        // a key mask hiding key 0 leaves query 0 of the top-left causal pass with nothing: zeros, lse −∞
        KernelResult none = REF.attend(q, k, v, KernelSpec.defaults().causal(Diagonal.TOP_LEFT)
                .keyMask(new boolean[] {false, true, true}));
        assertEquals(0, none.output().get(0, 0));
        assertEquals(Double.NEGATIVE_INFINITY, none.logSumExp(0));
        assertEquals(6, none.output().get(1, 0), 1e-15);
    }

    @Test
    void grouped_query_heads_in_columns_read_their_kv_head() {
        // 2 query heads share 1 kv head; one key, so each head's output is that key's value.
        Tensor q = Tensor.matrix(DType.FLOAT32, new double[] {1, 2});
        Tensor k = Tensor.matrix(DType.FLOAT32, new double[] {5});
        Tensor v = Tensor.matrix(DType.FLOAT32, new double[] {7, 8});
        KernelResult r = REF.attend(q, k, v, KernelSpec.defaults().heads(2, 1, HeadLayout.HEADS_IN_COLUMNS));
        assertEquals(2 * 2, r.output().size());
        assertEquals(7, r.output().at(0));
        assertEquals(8, r.output().at(1));
        assertEquals(7, r.output().at(2));
        assertEquals(8, r.output().at(3));
    }

    @Test
    void backward_matches_finite_differences() {
        java.util.Random rnd = new java.util.Random(7);
        Tensor q = random(rnd, 2, 3, 4);
        Tensor k = random(rnd, 2, 5, 4);
        Tensor v = random(rnd, 2, 5, 2);
        Tensor bias = random(rnd, 3, 5);
        Tensor dOut = random(rnd, 2, 3, 2);
        KernelSpec spec = KernelSpec.defaults().softcap(2).temperature(0.7).bias(bias, true)
                .keyLengths(new int[] {5, 3}).window(1, 2).dropout(new Dropout(0.3, 11, 2));
        KernelGradients g = REF.backward(q, k, v, spec, REF.attend(q, k, v, spec), dOut, null);
        check(q, t -> loss(t, k, v, spec, dOut), g.queries());
        check(k, t -> loss(q, t, v, spec, dOut), g.keys());
        check(v, t -> loss(q, k, t, spec, dOut), g.values());
        check(bias, t -> loss(q, k, v, spec.bias(t, true), dOut), g.bias().orElseThrow());
    }

    @Test
    void shapes_that_do_not_fit_are_refused() {
        Tensor q = Tensor.zeros(DType.FLOAT64, 2, 6);
        Tensor k = Tensor.zeros(DType.FLOAT64, 3, 6);
        Tensor v = Tensor.zeros(DType.FLOAT64, 3, 4);
        assertThrows(ShapeException.class, () -> REF.attend(q, k, v,
                KernelSpec.defaults().heads(4, 2, HeadLayout.HEADS_IN_COLUMNS)));
        assertThrows(IllegalArgumentException.class, () -> KernelSpec.defaults().heads(4, 3, HeadLayout.HEADS_FIRST));
    }

    private static double loss(Tensor q, Tensor k, Tensor v, KernelSpec spec, Tensor dOut) {
        Tensor o = REF.attend(q, k, v, spec).output();
        double s = 0;
        for (int t = 0; t < o.size(); t++) {
            s += o.at(t) * dOut.at(t);
        }
        return s;
    }

    private static void check(Tensor x, java.util.function.ToDoubleFunction<Tensor> f, Tensor grad) {
        double h = 1e-6;
        double[] a = x.toDoubleArray();
        for (int t = 0; t < a.length; t++) {
            double keep = a[t];
            a[t] = keep + h;
            double up = f.applyAsDouble(Tensor.of(x.dtype(), x.shape(), a));
            a[t] = keep - h;
            double down = f.applyAsDouble(Tensor.of(x.dtype(), x.shape(), a));
            a[t] = keep;
            assertEquals((up - down) / (2 * h), grad.at(t), 1e-6, "element " + t);
        }
    }

    private static Tensor random(java.util.Random rnd, int... shape) {
        int size = 1;
        for (int s : shape) {
            size *= s;
        }
        double[] a = new double[size];
        for (int t = 0; t < size; t++) {
            a[t] = rnd.nextGaussian();
        }
        return Tensor.of(DType.FLOAT64, shape, a);
    }
}
