package dev.attention.train.search;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.AttentionException;
import dev.attention.api.AttentionInputs;
import dev.attention.api.DType;
import dev.attention.api.Tensor;
import dev.attention.train.fit.TrainingData;
import org.junit.jupiter.api.Test;

/** Cross-validation cuts examples, so it refuses data whose rows a training mask holds out instead. */
class FoldsTrainMaskTest {
    @Test
    void folds_refuse_a_training_mask_in_one_line() {
        Tensor q = Tensor.matrix(DType.FLOAT64, new double[] {1}, new double[] {2}, new double[] {3});
        TrainingData data = new TrainingData(AttentionInputs.builder().put("queries", q).put("keys", q)
                .put("values", q).build(), q).withTrainMask(Tensor.matrix(DType.FLOAT64, new double[] {1},
                        new double[] {0}, new double[] {1}));
        AttentionException e = assertThrows(AttentionException.class, () -> Folds.of(data, false, 3, 0));
        assertTrue(e.getMessage().startsWith("search cross-validates by folds of examples and does not use"
                + " fit.train-mask"), e.getMessage());
    }
}
