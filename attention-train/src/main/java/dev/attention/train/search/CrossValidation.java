package dev.attention.train.search;

import dev.attention.api.AttentionException;
import dev.attention.api.Pipeline;
import dev.attention.api.Tensor;
import dev.attention.train.fit.FitOptions;
import dev.attention.train.fit.Fitter;
import dev.attention.train.fit.TrainingData;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores one candidate: for each fold, fit it on the training part (when it has parameters or the
 * fit has a head) and take the loss on the held-out part. Stateless; trials share one instance
 * across threads.
 */
final class CrossValidation {
    private static final Logger LOG = LoggerFactory.getLogger(CrossValidation.class);

    private final Folds folds;
    private final FitOptions fit;
    private final Function<Candidate, Pipeline> build;

    CrossValidation(Folds folds, FitOptions fit, Function<Candidate, Pipeline> build) {
        this.folds = folds;
        this.fit = fit;
        this.build = build;
    }

    Trial score(int index, Candidate candidate, long seed) {
        try {
            Pipeline pipeline = build.apply(candidate);
            if (folds.axis() != Folds.Axis.SEQUENCES) {
                if (!pipeline.independence().queryRows()) {
                    return Trial.refused(index, candidate, seed, Trial.Status.SKIPPED, "its output rows depend on"
                            + " the query's position or on other queries (its variant does not declare independent"
                            + " query rows), so query rows cannot be split into folds (batch the data with 'group:'"
                            + " to search it)");
                }
            }
            double[] scores = new double[folds.count()];
            for (int f = 0; f < scores.length; f++) {
                TrainingData train = folds.training(f);
                TrainingData held = folds.heldOut(f);
                Tensor prediction = fits(pipeline, fit)
                        ? new Fitter().fit(pipeline, train, withSeed(fit, seed)).predict(held.inputs())
                        : pipeline.run(held.inputs()).output();
                scores[f] = fit.loss().of(prediction, held.targets(), held.targetLengths());
                if (!Double.isFinite(scores[f])) {
                    return Trial.refused(index, candidate, seed, Trial.Status.SKIPPED, "the " + fit.loss().id()
                            + " of fold " + (f + 1) + " is " + scores[f]);
                }
            }
            LOG.debug("trial {} {}: {}", index, candidate.describe(), scores);
            return Trial.scored(index, candidate, seed, scores);
        } catch (AttentionException e) {
            LOG.debug("trial {} {} skipped: {}", index, candidate.describe(), e.getMessage());
            return Trial.refused(index, candidate, seed, Trial.Status.SKIPPED, firstLine(e.getMessage()));
        } catch (RuntimeException e) {
            LOG.warn("trial {} {} failed", index, candidate.describe(), e);
            return Trial.refused(index, candidate, seed, Trial.Status.FAILED, firstLine(e.toString()));
        }
    }

    /** Fitting is needed when there is anything to learn: the pipeline's parameters or a head. */
    static boolean fits(Pipeline pipeline, FitOptions fit) {
        return !pipeline.parameters().isEmpty() || fit.headOutputs() > 0;
    }

    /** The config's fit options with the trial's own seed. */
    static FitOptions withSeed(FitOptions o, long seed) {
        FitOptions.Builder b = FitOptions.builder().loss(o.loss()).optimizer(o.optimizer()).epochs(o.epochs())
                .batchSize(o.batchSize()).validationSplit(o.validationSplit()).schedule(o.schedule())
                .clipNorm(o.clipNorm()).init(o.init()).head(o.headOutputs()).leaveOneOut(o.leaveOneOut()).seed(seed);
        o.earlyStopping().ifPresent(b::earlyStopping);
        return b.build();
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("").strip();
    }
}
