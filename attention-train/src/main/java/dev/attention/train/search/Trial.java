package dev.attention.train.search;

import static org.apiguardian.api.API.Status.MAINTAINED;

import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * One scored candidate.
 *
 * @param index      0-based, in the order the candidates were drawn
 * @param candidate  what was tried
 * @param status     whether it was scored
 * @param foldScores the held-out loss of each fold (empty unless {@link Status#OK})
 * @param mean       the mean of the fold scores (NaN unless OK)
 * @param std        their sample standard deviation (n − 1; NaN unless OK)
 * @param seed       the fit seed of this trial
 * @param reason     why it was skipped or failed; empty when OK
 */
@API(status = MAINTAINED)
public record Trial(int index, Candidate candidate, Status status, List<Double> foldScores, double mean, double std,
        long seed, String reason) {
    /** What became of a trial. */
    public enum Status {
        /** Scored on every fold. */
        OK,
        /** Refused by a plugin or by the data (a configuration the search space allows but the model does not). */
        SKIPPED,
        /** An unexpected error; logged with its stack trace. */
        FAILED
    }

    public Trial {
        Objects.requireNonNull(candidate, "candidate");
        foldScores = List.copyOf(foldScores);
        reason = reason == null ? "" : reason;
    }

    static Trial scored(int index, Candidate c, long seed, double[] scores) {
        double mean = 0;
        for (double s : scores) {
            mean += s;
        }
        mean /= scores.length;
        double ss = 0;
        for (double s : scores) {
            ss += (s - mean) * (s - mean);
        }
        double std = scores.length > 1 ? Math.sqrt(ss / (scores.length - 1)) : 0;
        return new Trial(index, c, Status.OK, java.util.Arrays.stream(scores).boxed().toList(), mean, std, seed, "");
    }

    static Trial refused(int index, Candidate c, long seed, Status status, String reason) {
        return new Trial(index, c, status, List.of(), Double.NaN, Double.NaN, seed, reason);
    }

    public boolean ok() {
        return status == Status.OK;
    }
}
