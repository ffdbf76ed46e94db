package dev.attention.train.search;

import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * {@code leaderboard.csv}: one row per trial, best first. Scores are written exactly
 * ({@link Double#toString}), so two runs can be compared bit for bit; nothing depends on timing.
 * Columns: {@code rank, trial, status, variant, alignment, distribution, parameters, metric, mean, std,
 * fold_1 … fold_k, seed, reason}; skipped trials have no rank and empty scores.
 */
public final class LeaderboardCsv {
    private LeaderboardCsv() {
    }

    public static void write(Writer w, SearchResult result) throws IOException {
        StringBuilder header = new StringBuilder("rank,trial,status,variant,alignment,distribution,parameters,metric,"
                + "mean,std");
        for (int f = 1; f <= result.folds(); f++) {
            header.append(",fold_").append(f);
        }
        w.write(header.append(",seed,reason\n").toString());
        int rank = 0;
        for (Trial t : result.leaderboard()) {
            Candidate c = t.candidate();
            StringBuilder row = new StringBuilder();
            row.append(t.ok() ? Integer.toString(++rank) : "").append(',').append(t.index()).append(',')
                    .append(t.status().name().toLowerCase(java.util.Locale.ROOT)).append(',')
                    .append(cell(c.variant().id())).append(',').append(cell(c.alignment().id())).append(',')
                    .append(cell(c.distribution().id())).append(',').append(cell(c.parameters())).append(',')
                    .append(result.metric().id()).append(',').append(number(t.mean())).append(',')
                    .append(number(t.std()));
            List<Double> scores = t.foldScores();
            for (int f = 0; f < result.folds(); f++) {
                row.append(',').append(f < scores.size() ? number(scores.get(f)) : "");
            }
            row.append(',').append(t.seed()).append(',').append(cell(t.reason())).append('\n');
            w.write(row.toString());
        }
    }

    private static String number(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }

    /** RFC 4180: quote a cell holding a comma, quote or line break, doubling its quotes. */
    private static String cell(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
