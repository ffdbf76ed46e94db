package dev.attention.train.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.AttentionException;
import dev.attention.api.AttentionInputs;
import dev.attention.api.DType;
import dev.attention.api.Mode;
import dev.attention.api.Parameters;
import dev.attention.api.Pipeline;
import dev.attention.api.ShapeException;
import dev.attention.api.Tensor;
import dev.attention.core.Attention;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * fit's training mask: only the 1 rows' targets count in the training loss, the 0 rows give the
 * held-out figure, and a graph (whose nodes attend to each other) is never cut apart.
 */
class TrainMaskTest {
    private static final int N = 6;
    /** 1 = train, 0 = held out. */
    private static final double[] MASK = {1, 0, 1, 1, 0, 0};
    private static final double[] CLASSES = {0, 1, 1, 0, 1, 0};

    private static Tensor random(int rows, int cols, long seed) {
        Random r = new Random(seed);
        double[] v = new double[rows * cols];
        for (int k = 0; k < v.length; k++) {
            v[k] = 2 * r.nextDouble() - 1;
        }
        return Tensor.of(DType.FLOAT64, new int[] {rows, cols}, v);
    }

    /** A path 0–1–2–3–4–5 and a chord 5–1, rows (source, target). */
    private static AttentionInputs graph() {
        Tensor edges = Tensor.matrix(DType.FLOAT64, new double[] {0, 1}, new double[] {1, 2}, new double[] {2, 3},
                new double[] {3, 4}, new double[] {4, 5}, new double[] {5, 1});
        return AttentionInputs.builder().put("nodes", random(N, 3, 7)).put("edges", edges).build();
    }

    private static Pipeline gat(boolean concat) {
        return Attention.engine().pipeline().dtype(DType.FLOAT64).seed(3)
                .variant("graph", Map.of("heads", 2, "dim", 2, "concat", concat)).alignment("gat")
                .distribution("softmax").width("nodes", 3).width("edges", 2).build();
    }

    private static Tensor column(double... v) {
        return Tensor.of(DType.FLOAT64, new int[] {v.length, 1}, v.clone());
    }

    private static TrainingData masked() {
        return new TrainingData(graph(), column(CLASSES)).withTrainMask(column(MASK));
    }

    /** Mean cross-entropy of {@code logits} over the rows where {@code keep} is 1, by hand. */
    private static double crossEntropy(Tensor logits, double[] keep) {
        double sum = 0;
        int rows = 0;
        for (int i = 0; i < logits.rows(); i++) {
            if (keep[i] == 0) {
                continue;
            }
            double a = logits.get(0, i, 0);
            double b = logits.get(0, i, 1);
            double m = Math.max(a, b);
            double logZ = m + Math.log(Math.exp(a - m) + Math.exp(b - m));
            sum += logZ - (CLASSES[i] == 0 ? a : b);
            rows++;
        }
        return sum / rows;
    }

    /** {@code out · Wᵀ + b} by hand. */
    private static Tensor logits(Tensor out, Tensor w, Tensor b) {
        double[] v = new double[out.rows() * 2];
        for (int i = 0; i < out.rows(); i++) {
            for (int o = 0; o < 2; o++) {
                double s = b.at(o);
                for (int c = 0; c < out.cols(); c++) {
                    s += w.at(o * out.cols() + c) * out.get(0, i, c);
                }
                v[i * 2 + o] = s;
            }
        }
        return Tensor.of(DType.FLOAT64, new int[] {out.rows(), 2}, v);
    }

    @Test
    void a_masked_gradient_is_the_gradient_of_the_training_rows_loss_alone() {
        for (boolean concat : new boolean[] {true, false}) {
            Pipeline p = gat(concat);
            int width = concat ? 4 : 2;
            Head head = Head.of(random(2, width, 11), random(1, 2, 12));
            Examples examples = Examples.of(p, masked(), false);
            Objective.Evaluation ev = Objective.evaluate(Loss.CROSS_ENTROPY, p, head,
                    examples.batch(Examples.range(1), Mode.TRAIN), true);
            assertEquals(3, ev.rows());

            // The loss over rows 0, 2, 3 only, as a function of every parameter, by central differences.
            Map<String, Tensor> all = new LinkedHashMap<>(p.parameters().asMap());
            all.putAll(head.parameters().asMap());
            for (Map.Entry<String, Tensor> e : all.entrySet()) {
                double[] v = e.getValue().toDoubleArray();
                double[] analytic = ev.gradients().get(e.getKey());
                for (int k = 0; k < v.length; k++) {
                    double orig = v[k];
                    double h = 1e-6;
                    v[k] = orig + h;
                    double up = trainingLoss(p, all, e.getKey(), Tensor.of(DType.FLOAT64, e.getValue().shape(), v));
                    v[k] = orig - h;
                    double down = trainingLoss(p, all, e.getKey(), Tensor.of(DType.FLOAT64, e.getValue().shape(), v));
                    v[k] = orig;
                    double numeric = (up - down) / (2 * h);
                    assertEquals(numeric, analytic[k], 1e-7 + 1e-5 * Math.abs(numeric),
                            "concat " + concat + ", " + e.getKey() + "[" + k + "]");
                }
            }
        }
    }

    private static double trainingLoss(Pipeline p, Map<String, Tensor> all, String changed, Tensor value) {
        Map<String, Tensor> now = new LinkedHashMap<>(all);
        now.put(changed, value);
        Map<String, Tensor> own = new LinkedHashMap<>(now);
        own.remove(Head.WEIGHT);
        own.remove(Head.BIAS);
        Tensor out = p.withParameters(Parameters.of(own)).run(graph()).output();
        return crossEntropy(logits(out, now.get(Head.WEIGHT), now.get(Head.BIAS)), MASK);
    }

    @Test
    void for_independent_rows_the_masked_gradient_is_the_fit_on_the_training_rows() {
        Pipeline p = Attention.engine().pipeline().dtype(DType.FLOAT64).variant("global").alignment("gaussian")
                .width("queries", 2).width("keys", 2).width("values", 1).build();
        Tensor q = random(N, 2, 21);
        Tensor k = random(4, 2, 22);
        Tensor v = random(4, 1, 23);
        Tensor y = random(N, 1, 24);
        AttentionInputs all = AttentionInputs.builder().put("queries", q).put("keys", k).put("values", v).build();
        TrainingData data = new TrainingData(all, y).withTrainMask(column(MASK));
        Objective.Evaluation masked = Objective.evaluate(Loss.MSE, p, null,
                Examples.of(p, data, false).batch(Examples.range(N), Mode.TRAIN), true);
        int[] train = {0, 2, 3};
        AttentionInputs some = AttentionInputs.builder().put("queries", Slices.rows(q, train)).put("keys", k)
                .put("values", v).build();
        TrainingData alone = new TrainingData(some, Slices.rows(y, train));
        Objective.Evaluation subset = Objective.evaluate(Loss.MSE, p, null,
                Examples.of(p, alone, false).batch(Examples.range(3), Mode.TRAIN), true);
        assertEquals(subset.loss(), masked.loss(), 1e-15);
        double[] g = masked.gradients().get("alignment.log_sigma");
        assertEquals(subset.gradients().get("alignment.log_sigma")[0], g[0], 1e-15);
        assertTrue(g[0] != 0);
    }

    @Test
    void the_held_out_loss_and_accuracy_each_epoch_are_the_held_out_rows_by_hand() {
        FitOptions o = FitOptions.builder().loss(Loss.CROSS_ENTROPY).head(2).epochs(6).optimizer(Optimizer.adam(0.05))
                .build();
        FitResult r = new Fitter().fit(gat(true), masked(), o);
        Tensor logits = r.predict(graph());
        History.Epoch last = r.history().last();
        double[] heldOut = new double[N];
        int correct = 0;
        for (int i = 0; i < N; i++) {
            heldOut[i] = 1 - MASK[i];
            int predicted = logits.get(0, i, 1) > logits.get(0, i, 0) ? 1 : 0;
            correct += heldOut[i] == 1 && predicted == CLASSES[i] ? 1 : 0;
        }
        assertEquals(crossEntropy(logits, heldOut), last.validationLoss(), 1e-12);
        assertEquals(correct / 3.0, last.validationAccuracy(), 0);
        assertTrue(r.history().epochs().stream().allMatch(History.Epoch::hasValidationAccuracy));
        // The training loss of the first epoch is the 1 rows' loss at the initial parameters.
        assertTrue(Double.isFinite(r.history().epochs().get(0).trainLoss()));
    }

    @Test
    void a_graph_is_never_cut_batch_size_changes_nothing_and_a_split_is_refused() {
        FitOptions.Builder o = FitOptions.builder().loss(Loss.CROSS_ENTROPY).head(2).epochs(3);
        FitResult whole = new Fitter().fit(gat(true), masked(), o.build());
        FitResult batched = new Fitter().fit(gat(true), masked(), o.batchSize(2).build());
        assertEquals(whole.parameters(), batched.parameters());

        AttentionException e = assertThrows(AttentionException.class, () -> new Fitter().fit(gat(true),
                new TrainingData(graph(), column(CLASSES)), o.batchSize(0).validationSplit(0.3).build()));
        assertTrue(e.getMessage().contains("(e.g. one graph, whose nodes cannot be split); hold rows out with a"
                + " training mask (fit.train-mask)"), e.getMessage());
        e = assertThrows(AttentionException.class, () -> new Fitter().fit(gat(true), masked(), o.build()));
        assertEquals("validation-split 0.3 beside a training mask: the mask's 0 rows are the held-out rows already;"
                + " drop validation-split", e.getMessage());
    }

    @Test
    void a_mask_of_the_wrong_size_or_values_or_without_training_rows_is_one_line() {
        FitOptions o = FitOptions.builder().loss(Loss.CROSS_ENTROPY).head(2).epochs(1).build();
        ShapeException s = assertThrows(ShapeException.class, () -> new Fitter().fit(gat(true),
                new TrainingData(graph(), column(CLASSES)).withTrainMask(column(1, 0, 1)), o));
        assertEquals("the training mask has 3 values but the prediction has 6 rows (shape [6, 4]); give one 1 (train)"
                + " or 0 (held out) per prediction row", s.getMessage());
        IllegalArgumentException v = assertThrows(IllegalArgumentException.class,
                () -> new TrainingData(graph(), column(CLASSES)).withTrainMask(column(1, 0, 2, 1, 0, 0)));
        assertEquals("train mask value 2.0 at row 2 is neither 1 (train) nor 0 (held out)", v.getMessage());
        AttentionException e = assertThrows(AttentionException.class, () -> new Fitter().fit(gat(true),
                new TrainingData(graph(), column(CLASSES)).withTrainMask(column(new double[N])), o));
        assertEquals("the training mask marks no row for training (all 6 are 0); mark the labelled rows 1",
                e.getMessage());
    }
}
