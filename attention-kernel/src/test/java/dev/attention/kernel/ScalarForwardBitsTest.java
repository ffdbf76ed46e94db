package dev.attention.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.attention.api.DType;
import dev.attention.api.Tensor;
import dev.attention.api.kernel.KernelResult;
import dev.attention.api.kernel.KernelShape;
import dev.attention.api.kernel.KernelSpec;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The scalar forward pass computes the documented sums in order, whatever C2 makes of its loops:
 * its output has the bits of plain loops written here (each logit {@code Σ_c (q_c·factor)·k_jc}
 * in order, the online softmax per key block, each accumulator element {@code Σ_j w_j·v_jc} in
 * order), called often enough that the vectorised code runs (decision 66).
 */
class ScalarForwardBitsTest {
    @Test
    void compiled_vector_loops_give_the_bits_of_plain_loops() {
        Random rnd = new Random(11);
        // 603 keys: two whole key blocks and a part; 37 and 30 columns: not multiples of a vector.
        int n = 45;
        int m = 603;
        Tensor q = RandomInputs.random(rnd, DType.FLOAT64, n, 37);
        Tensor k = RandomInputs.random(rnd, DType.FLOAT64, m, 37);
        Tensor v = RandomInputs.random(rnd, DType.FLOAT64, m, 30);
        KernelSpec spec = KernelSpec.defaults().weights(false);
        EngineKernel kernel = new EngineKernel(new KernelExecutor(2), false);
        double[] expected = plain(q, k, v, ForwardPass.SCALAR_KEY_BLOCK, KernelShape.of(q, k, v, spec).scale());
        for (int call = 0; call < 400; call++) {
            Tensor out = kernel.attend(q, k, v, spec).output();
            for (int t = 0; t < expected.length; t++) {
                assertEquals(Double.doubleToLongBits(expected[t]), Double.doubleToLongBits(out.at(t)),
                        "call " + call + ", element " + t);
            }
        }
    }

    @Test
    void causal_rows_that_start_inside_a_block_agree_with_the_reference() {
        Random rnd = new Random(7);
        Tensor q = RandomInputs.random(rnd, DType.FLOAT32, 2, 203, 37);
        Tensor k = RandomInputs.random(rnd, DType.FLOAT32, 2, 203, 37);
        Tensor v = RandomInputs.random(rnd, DType.FLOAT32, 2, 203, 30);
        KernelSpec spec = KernelSpec.defaults().window(70, 0).weights(true).keyLengths(new int[] {203, 150});
        KernelResult got = new EngineKernel(new KernelExecutor(2), false).attend(q, k, v, spec);
        KernelResult ref = dev.attention.api.kernel.AttentionKernel.reference().attend(q, k, v, spec);
        for (int t = 0; t < ref.output().size(); t++) {
            assertEquals(ref.output().at(t), got.output().at(t), 1e-5, "output " + t);
        }
        Tensor refWeights = ref.weights().orElseThrow();
        Tensor gotWeights = got.weights().orElseThrow();
        for (int t = 0; t < refWeights.size(); t++) {
            assertEquals(refWeights.at(t), gotWeights.at(t), 1e-6, "weight " + t);
        }
    }

    /** Softmax attention of one unmasked head in the kernel's order of operations, key block by key block. */
    private static double[] plain(Tensor q, Tensor k, Tensor v, int block, double factor) {
        int n = q.shape()[0];
        int d = q.shape()[1];
        int m = k.shape()[0];
        int dv = v.shape()[1];
        double[] out = new double[n * dv];
        for (int i = 0; i < n; i++) {
            double max = Double.NEGATIVE_INFINITY;
            double sum = 0;
            double[] acc = new double[dv];
            for (int j0 = 0; j0 < m; j0 += block) {
                int j1 = Math.min(m, j0 + block);
                double[] z = new double[j1 - j0];
                double blockMax = Double.NEGATIVE_INFINITY;
                for (int j = j0; j < j1; j++) {
                    double s = 0;
                    for (int c = 0; c < d; c++) {
                        s += q.at(i * d + c) * factor * k.at(j * d + c);
                    }
                    z[j - j0] = s;
                    blockMax = Math.max(blockMax, s);
                }
                double next = Math.max(max, blockMax);
                double blockSum = 0;
                for (int j = j0; j < j1; j++) {
                    z[j - j0] = Math.exp(z[j - j0] - next);
                    blockSum += z[j - j0];
                }
                if (next > max) {
                    double alpha = Math.exp(max - next);
                    sum *= alpha;
                    for (int c = 0; c < dv; c++) {
                        acc[c] *= alpha;
                    }
                    max = next;
                }
                sum += blockSum;
                for (int j = j0; j < j1; j++) {
                    for (int c = 0; c < dv; c++) {
                        acc[c] += z[j - j0] * v.at(j * dv + c);
                    }
                }
            }
            for (int c = 0; c < dv; c++) {
                out[i * dv + c] = acc[c] * (1 / sum);
            }
        }
        return out;
    }
}
