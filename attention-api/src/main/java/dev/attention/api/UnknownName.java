package dev.attention.api;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The one message for a name that is not among the known ones — a plugin id, a format, a loss, a
 * key: {@code unknown alignment 'scaled-dott'; did you mean 'scaled-dot'? known: cosine, dot, scaled-dot}.
 * It lives in the API because plugins' own lookups (modes, import formats) need it too, and a
 * plugin sees the API only.
 */
public final class UnknownName {
    private UnknownName() {
    }

    /**
     * The problem and the hint in one line: {@code unknown <what> '<given>'; } followed by
     * {@link #hint}.
     */
    public static String message(String what, String given, Collection<String> known) {
        return problem(what, given) + "; " + hint(given, known);
    }

    /** {@code unknown <what> '<given>'}, for exceptions that carry the hint apart (config errors). */
    public static String problem(String what, String given) {
        return "unknown " + what + " '" + given + "'";
    }

    /** {@code did you mean 'x'? known: a, b, c} (sorted), or {@code known: none} when the list is empty. */
    public static String hint(String given, Collection<String> known) {
        if (known.isEmpty()) {
            return "known: none";
        }
        return didYouMean(given, known) + "known: " + String.join(", ", new TreeSet<>(known));
    }

    /** {@code did you mean 'x'? } (with the trailing space) or the empty string. */
    public static String didYouMean(String given, Collection<String> known) {
        return nearest(given, known).map(s -> "did you mean '" + s + "'? ").orElse("");
    }

    /**
     * The known name closest to {@code given} by Levenshtein distance, ignoring case, if it is a
     * plausible typo: at most a third of the longer word's length away, and one edit always allowed.
     * Ties go to the alphabetically first name so the answer is stable.
     */
    public static Optional<String> nearest(String given, Collection<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        String word = given.toLowerCase(Locale.ROOT);
        for (String c : new TreeSet<>(known)) {
            int d = distance(word, c.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        if (best == null) {
            return Optional.empty();
        }
        int allowed = Math.max(1, Math.max(given.length(), best.length()) / 3);
        return bestDistance <= allowed ? Optional.of(best) : Optional.empty();
    }

    /** Levenshtein distance: insertions, deletions and substitutions, each costing one. */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
