package dev.attention.train.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.AttentionException;
import dev.attention.api.AttentionInputs;
import dev.attention.api.Pipeline;
import dev.attention.api.Tensor;
import dev.attention.core.Attention;
import org.junit.jupiter.api.Test;

/** Leave-one-out, row mini-batches, validation and early stopping on the shipped kernel data. */
class FitterBehaviourTest {
    private static final Tensor X = KernelData.column("train.csv", 0);
    private static final Tensor Y = KernelData.column("train.csv", 1);

    private static Pipeline gaussian(String variant) {
        return Attention.engine().pipeline().variant(variant).alignment("gaussian").width("queries", 1)
                .width("keys", 1).width("values", 1).build();
    }

    private static TrainingData data() {
        return new TrainingData(AttentionInputs.builder().put("queries", X).put("keys", X).put("values", Y).build(), Y);
    }

    private static double sigma(FitResult r) {
        return Math.exp(r.pipeline().parameters().get("alignment.log_sigma").at(0));
    }

    @Test
    void without_leave_one_out_the_kernel_collapses_onto_the_training_points() {
        // Each query sees its own target: shrinking σ drives the training loss to 0, which is why
        // kernel regression is fitted leave-one-out.
        FitResult r = new Fitter().fit(gaussian("global"), data(),
                FitOptions.builder().epochs(60).optimizer(Optimizer.adam(0.1)).build());
        assertTrue(sigma(r) < 0.15, "σ = " + sigma(r));
        FitResult loo = new Fitter().fit(gaussian("global"), data(),
                FitOptions.builder().epochs(60).optimizer(Optimizer.adam(0.1)).leaveOneOut(true).build());
        assertTrue(sigma(loo) > 0.2 && sigma(loo) < 0.5, "σ = " + sigma(loo));
    }

    @Test
    void row_batches_and_a_validation_split_with_leave_one_out() {
        FitResult r = new Fitter().fit(gaussian("global"), data(), FitOptions.builder().epochs(40).batchSize(8)
                .validationSplit(0.2).leaveOneOut(true).optimizer(Optimizer.adam(0.05)).build());
        assertTrue(r.history().last().hasValidation());
        assertTrue(r.history().last().trainLoss() < r.history().epochs().get(0).trainLoss());
        assertTrue(sigma(r) > 0.15 && sigma(r) < 0.6, "σ = " + sigma(r));
    }

    @Test
    void early_stopping_returns_the_best_epochs_parameters() {
        // A learning rate this large overshoots, so the best epoch is not the last one.
        FitOptions.Builder o = FitOptions.builder().leaveOneOut(true).batchSize(10).validationSplit(0.2)
                .optimizer(Optimizer.sgd(3.0, 0.9));
        FitResult stopped = new Fitter().fit(gaussian("global"), data(),
                o.epochs(200).earlyStopping(new EarlyStopping(3, 0)).build());
        assertTrue(stopped.stoppedEarly(), stopped.history().toString());
        assertTrue(stopped.bestEpoch() < stopped.history().epochs().size());
        // The same fit run for exactly the best epoch's count ends with exactly those parameters.
        FitResult upToBest = new Fitter().fit(gaussian("global"), data(),
                o.epochs(stopped.bestEpoch()).earlyStopping(null).build());
        assertEquals(upToBest.parameters(), stopped.parameters());
    }

    @Test
    void leave_one_out_refuses_a_variant_that_ignores_the_mask() {
        Pipeline cross = gaussian("cross");
        AttentionException e = assertThrows(AttentionException.class, () -> new Fitter().fit(cross, data(),
                FitOptions.builder().epochs(1).leaveOneOut(true).build()));
        assertTrue(e.getMessage().contains("mask"), e.getMessage());
    }

    @Test
    void a_head_with_mse_learns_an_affine_map_of_the_output() {
        FitResult r = new Fitter().fit(gaussian("global"), data(), FitOptions.builder().epochs(30).head(1)
                .leaveOneOut(true).build());
        assertEquals(1, r.head().orElseThrow().outputs());
        assertTrue(r.parameters().names().contains(Head.WEIGHT) && r.parameters().names().contains(Head.BIAS));
    }
}
