package dev.attention.cli;

import dev.attention.train.search.BestModel;
import dev.attention.train.search.SearchResult;
import dev.attention.train.search.Trial;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The readable leaderboard {@code attention search} prints: scored trials best first with
 * mean ± std, then the skipped ones with their reasons, then the winner. Scores are rounded here;
 * {@code leaderboard.csv} has them exactly.
 */
final class LeaderboardTable {
    private LeaderboardTable() {
    }

    static String render(String name, SearchResult r) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%s: %s search, %d trial(s), %d-fold cross-validation on %d %s,"
                + " %s (lower is better)%n", name, r.strategy(), r.trials().size(), r.folds(), r.examples(), r.unit(),
                r.metric().id()));
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"rank", r.metric().id() + " mean ± std", "pipeline", "trial"});
        List<Trial> refused = new ArrayList<>();
        int rank = 0;
        for (Trial t : r.leaderboard()) {
            if (!t.ok()) {
                refused.add(t);
                continue;
            }
            rows.add(new String[] {Integer.toString(++rank), String.format(Locale.ROOT, "%.4g ± %.2g", t.mean(),
                    t.std()), t.candidate().describe(), Integer.toString(t.index())});
        }
        int[] width = new int[4];
        for (String[] row : rows) {
            for (int c = 0; c < row.length; c++) {
                width[c] = Math.max(width[c], row[c].length());
            }
        }
        for (String[] row : rows) {
            sb.append(String.format(Locale.ROOT, "  %" + width[0] + "s  %-" + width[1] + "s  %-" + width[2] + "s  %"
                    + width[3] + "s", (Object[]) row).stripTrailing()).append('\n');
        }
        if (!refused.isEmpty()) {
            sb.append(refused.size()).append(" skipped:\n");
            for (Trial t : refused) {
                sb.append("  ").append(t.candidate().describe()).append(" (trial ").append(t.index()).append(")")
                        .append(t.status() == Trial.Status.FAILED ? " FAILED" : "").append(": ").append(t.reason())
                        .append('\n');
            }
        }
        if (r.best().isPresent()) {
            BestModel b = r.best().get();
            sb.append("best: ").append(b.trial().candidate().describe()).append(String.format(Locale.ROOT,
                    " — %s %.6g ± %.3g; refitted on all %d %s: %s %.6g%n", r.metric().id(), b.trial().mean(),
                    b.trial().std(), r.examples(), r.unit(), r.metric().id(), b.fullDataLoss()));
            b.parameters().asMap().forEach((n, t) -> {
                if (t.size() == 1) {
                    sb.append(String.format(Locale.ROOT, "  %s = %.6g%n", n, t.at(0)));
                }
            });
        } else {
            sb.append("no trial could be scored; see the reasons above\n");
        }
        return sb.toString();
    }
}
