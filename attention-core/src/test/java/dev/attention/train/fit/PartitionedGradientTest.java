package dev.attention.train.fit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.attention.api.AttentionInputs;
import dev.attention.api.DType;
import dev.attention.api.Parameters;
import dev.attention.api.Pipeline;
import dev.attention.api.Tensor;
import dev.attention.core.Attention;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A step's gradient computed in parts over disjoint examples and combined ({@link StepGradient#combine})
 * is the whole step's gradient: what lets a data-parallel {@link GradientSource} reproduce a local fit.
 */
class PartitionedGradientTest {
    private static final Tensor X = KernelData.column("train.csv", 0);
    private static final Tensor Y = KernelData.column("train.csv", 1);

    /** Cuts each step's examples into {@code parts} contiguous pieces and combines them in order. */
    private static GradientSource inParts(int parts) {
        return (problem, parameters, examples, step) -> {
            List<StepGradient> out = new ArrayList<>();
            for (int p = 0; p < parts; p++) {
                int from = examples.length * p / parts;
                int to = examples.length * (p + 1) / parts;
                out.add(problem.gradient(parameters, Arrays.copyOfRange(examples, from, to), step));
            }
            return StepGradient.combine(out);
        };
    }

    private static Pipeline kernelRegression() {
        return Attention.engine().pipeline().variant("global").alignment("gaussian").width("queries", 1).build();
    }

    private static TrainingData kernelData() {
        return new TrainingData(AttentionInputs.builder().put("queries", X).put("keys", X).put("values", Y).build(), Y);
    }

    private static Pipeline pooling() {
        return Attention.engine().pipeline().variant("pooling").alignment("additive", Map.of("hidden", 4))
                .width("sequence", 3).build();
    }

    private static TrainingData sequences() {
        Random r = new Random(5);
        int n = 14;
        double[] seq = new double[n * 4 * 3];
        for (int k = 0; k < seq.length; k++) {
            seq[k] = r.nextGaussian();
        }
        double[][] labels = new double[n][];
        for (int k = 0; k < n; k++) {
            labels[k] = new double[] {seq[k * 12 + 4] > 0 ? 1 : 0};
        }
        return new TrainingData(AttentionInputs.builder().put("sequence", Tensor.of(DType.FLOAT64, new int[] {n, 4, 3},
                seq)).build(), Tensor.matrix(DType.FLOAT64, labels));
    }

    @Test
    void parts_combine_as_the_mean_weighted_by_rows() {
        StepGradient a = new StepGradient(2.0, 1, Map.of("w", new double[] {1, 0}));
        StepGradient b = new StepGradient(6.0, 3, Map.of("w", new double[] {5, 4}));
        StepGradient c = StepGradient.combine(List.of(a, b, new StepGradient(99, 0, Map.of("w", new double[] {7, 7}))));
        assertEquals((2.0 + 3 * 6.0) / 4, c.loss(), 1e-15);
        assertEquals(4, c.rows());
        assertArrayEquals(new double[] {(1 + 3 * 5) / 4.0, 3 * 4 / 4.0}, c.gradients().get("w"), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> StepGradient.combine(List.of(a,
                new StepGradient(1, 1, Map.of("v", new double[] {1, 1})))));
    }

    @Test
    void a_leave_one_out_step_in_parts_equals_the_whole_step() {
        FitOptions o = FitOptions.builder().leaveOneOut(true).validationSplit(0.2).seed(3).build();
        Pipeline p = kernelRegression();
        FitProblem problem = FitProblem.of(p, kernelData(), o);
        Parameters at = p.parameters().map((n, t) -> Tensor.of(t.dtype(), t.shape(),
                Arrays.stream(t.toDoubleArray()).map(v -> v * 0.7 + 0.1).toArray()));
        int[] train = problem.training();
        StepGradient whole = problem.gradient(at, train, 0);
        for (int parts : new int[] {2, 3, 7}) {
            StepGradient split = inParts(parts).gradient(problem, at, train, 0);
            assertClose(whole, split, 1e-12);
        }
    }

    @Test
    void a_batched_step_with_a_head_in_parts_equals_the_whole_step() {
        FitOptions o = FitOptions.builder().loss(Loss.CROSS_ENTROPY).head(2).init(new Init.Xavier()).seed(4).build();
        FitResult started = new Fitter().fit(pooling(), sequences(), FitOptions.builder().loss(Loss.CROSS_ENTROPY)
                .head(2).init(new Init.Xavier()).epochs(1).seed(4).build());
        Parameters at = started.pipeline().parameters().concat(started.head().orElseThrow().parameters());
        FitProblem problem = FitProblem.of(started.pipeline(), sequences(), o);
        StepGradient whole = problem.gradient(at, problem.training(), 0);
        assertClose(whole, inParts(4).gradient(problem, at, problem.training(), 0), 1e-12);
    }

    @Test
    void a_fit_whose_steps_are_computed_in_parts_is_the_local_fit() {
        FitOptions kr = FitOptions.builder().leaveOneOut(true).validationSplit(0.2).epochs(15)
                .optimizer(Optimizer.adam(0.05)).seed(9).build();
        assertSameFit(new Fitter().fit(kernelRegression(), kernelData(), kr),
                new Fitter().fit(kernelRegression(), kernelData(), kr, inParts(3)));
        FitOptions mini = FitOptions.builder().loss(Loss.CROSS_ENTROPY).head(2).epochs(6).batchSize(5)
                .validationSplit(0.2).init(new Init.Xavier()).clipNorm(1.0).seed(11).build();
        assertSameFit(new Fitter().fit(pooling(), sequences(), mini),
                new Fitter().fit(pooling(), sequences(), mini, inParts(2)));
    }

    private static void assertSameFit(FitResult local, FitResult parts) {
        Map<String, Tensor> a = new LinkedHashMap<>(local.pipeline().parameters().asMap());
        Map<String, Tensor> b = new LinkedHashMap<>(parts.pipeline().parameters().asMap());
        local.head().ifPresent(h -> a.putAll(h.parameters().asMap()));
        parts.head().ifPresent(h -> b.putAll(h.parameters().asMap()));
        assertEquals(a.keySet(), b.keySet());
        a.forEach((n, t) -> assertArrayEquals(t.toDoubleArray(), b.get(n).toDoubleArray(), 1e-9, n));
        assertEquals(local.history().epochs().size(), parts.history().epochs().size());
        for (int e = 0; e < local.history().epochs().size(); e++) {
            assertEquals(local.history().epochs().get(e).trainLoss(), parts.history().epochs().get(e).trainLoss(), 1e-9);
            assertEquals(local.history().epochs().get(e).validationLoss(),
                    parts.history().epochs().get(e).validationLoss(), 1e-9);
        }
    }

    private static void assertClose(StepGradient whole, StepGradient split, double tol) {
        assertEquals(whole.rows(), split.rows());
        assertEquals(whole.loss(), split.loss(), tol * Math.max(1, Math.abs(whole.loss())));
        assertEquals(whole.gradients().keySet(), split.gradients().keySet());
        whole.gradients().forEach((n, g) -> {
            double scale = Arrays.stream(g).map(Math::abs).max().orElse(1);
            assertArrayEquals(g, split.gradients().get(n), tol * Math.max(1, scale), n);
        });
    }
}
