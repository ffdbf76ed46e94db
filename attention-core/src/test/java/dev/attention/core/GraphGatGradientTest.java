package dev.attention.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.AttentionInputs;
import dev.attention.api.AttentionResult;
import dev.attention.api.DType;
import dev.attention.api.Parameters;
import dev.attention.api.Pipeline;
import dev.attention.api.Tensor;
import dev.attention.api.VariantGradients;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The graph variant with GAT's own score together, as the karate example uses them: two heads,
 * concatenated or averaged, learned W and a per head. The variants' contract tests use other
 * alignments (plugins see only the API), so this checks the pair by central differences of
 * {@code L = Σ R ⊙ output} for a random probe R, with respect to the nodes and every parameter.
 */
class GraphGatGradientTest {
    private static final double H = 1e-6;

    private static Tensor random(int[] shape, long seed) {
        Random r = new Random(seed);
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        double[] v = new double[n];
        for (int k = 0; k < n; k++) {
            v[k] = 2 * r.nextDouble() - 1;
        }
        return Tensor.of(DType.FLOAT64, shape, v);
    }

    private static AttentionInputs inputs(Tensor nodes) {
        // 5 nodes: a path 0–1–2–3, a chord 3–1 given in both directions, and node 4 alone (self-loop only).
        Tensor edges = Tensor.matrix(DType.FLOAT64, new double[] {0, 1}, new double[] {1, 2}, new double[] {2, 3},
                new double[] {3, 1}, new double[] {1, 3});
        return AttentionInputs.builder().put("nodes", nodes).put("edges", edges).build();
    }

    private static double dot(Tensor a, Tensor b) {
        double s = 0;
        for (int k = 0; k < a.size(); k++) {
            s += a.at(k) * b.at(k);
        }
        return s;
    }

    private static void check(String what, Tensor x, Function<Tensor, Double> loss, Tensor analytic) {
        double[] v = x.toDoubleArray();
        for (int k = 0; k < v.length; k++) {
            double orig = v[k];
            v[k] = orig + H;
            double up = loss.apply(Tensor.of(DType.FLOAT64, x.shape(), v));
            v[k] = orig - H;
            double down = loss.apply(Tensor.of(DType.FLOAT64, x.shape(), v));
            v[k] = orig;
            double numeric = (up - down) / (2 * H);
            assertEquals(numeric, analytic.at(k), 1e-7 + 1e-5 * Math.abs(numeric), what + "[" + k + "]");
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void two_gat_heads_concatenated_or_averaged_match_finite_differences(boolean concat) {
        Pipeline p = Attention.engine().pipeline().dtype(DType.FLOAT64).seed(5)
                .variant("graph", Map.of("heads", 2, "dim", 3, "concat", concat)).alignment("gat")
                .distribution("softmax").width("nodes", 4).width("edges", 2).build();
        // Parameters drawn at random rather than the Xavier start, so no score sits at LeakyReLU's kink.
        Map<String, Tensor> drawn = new LinkedHashMap<>();
        long seed = 40;
        for (Map.Entry<String, Tensor> e : p.parameters().asMap().entrySet()) {
            drawn.put(e.getKey(), random(e.getValue().shape(), seed++));
        }
        Pipeline q = p.withParameters(Parameters.of(drawn));
        assertTrue(drawn.keySet().containsAll(java.util.List.of("variant.W", "alignment.head0.a", "alignment.head1.a")),
                drawn.keySet().toString());
        Tensor nodes = random(new int[] {5, 4}, 7);
        AttentionResult result = q.run(inputs(nodes));
        assertEquals(concat ? 6 : 3, result.output().cols());
        Tensor probe = random(result.output().shape(), 99);
        VariantGradients g = q.backward(inputs(nodes), result, Map.of(AttentionResult.OUTPUT, probe));

        check("nodes", nodes, x -> dot(probe, q.run(inputs(x)).output()), g.inputs().get("nodes"));
        for (Map.Entry<String, Tensor> e : drawn.entrySet()) {
            check(e.getKey(), e.getValue(), x -> {
                Map<String, Tensor> changed = new LinkedHashMap<>(drawn);
                changed.put(e.getKey(), x);
                return dot(probe, p.withParameters(Parameters.of(changed)).run(inputs(nodes)).output());
            }, g.parameters().get(e.getKey()));
        }
    }
}
