package dev.attention.spark;

import dev.attention.core.AttentionEngine;
import dev.attention.train.fit.FitOptions;
import dev.attention.train.fit.FitProblem;
import dev.attention.train.fit.Loss;
import java.io.Serializable;

/**
 * What every task of a fit on Spark needs, broadcast once: the pipeline's spec, the training data
 * and the options that decide the examples and their split (loss, seed, validation split, batch
 * size, head, leave-one-out). Each executor builds the {@link FitProblem} from it once and so holds
 * the driver's examples, split and leave-one-out keys; optimiser, schedule and epochs stay on the
 * driver.
 *
 * @param key hash of everything else, naming the prepared problem in each executor's cache
 */
record FitPlan(String key, PipelineSpec spec, FitData data, String loss, long seed, double validationSplit,
        int batchSize, int headOutputs, boolean leaveOneOut) implements Serializable {
    private static final long serialVersionUID = 1L;

    static FitPlan of(String key, PipelineSpec spec, FitData data, FitOptions o) {
        return new FitPlan(key, spec, data, o.loss().name(), o.seed(), o.validationSplit(), o.batchSize(),
                o.headOutputs(), o.leaveOneOut());
    }

    FitProblem problem(AttentionEngine engine) {
        FitOptions o = FitOptions.builder().loss(Loss.valueOf(loss)).seed(seed).validationSplit(validationSplit)
                .batchSize(batchSize).head(headOutputs).leaveOneOut(leaveOneOut).build();
        return FitProblem.of(spec.build(engine), data.trainingData(), o);
    }
}
