package dev.attention.stream;

import dev.attention.api.AttentionException;

/** Checks of incoming rows: finite numbers, and the same width as earlier rows of their kind. */
final class RowChecks {
    private RowChecks() {
    }

    /**
     * @param expected the width seen before, or −1 for the first row
     * @return the row's width
     */
    static int check(String what, double[] row, int expected) {
        if (row == null || row.length == 0) {
            throw new AttentionException(what + " needs at least one number");
        }
        if (expected >= 0 && row.length != expected) {
            throw new AttentionException(what + " has " + row.length + " numbers, earlier ones had " + expected);
        }
        for (int c = 0; c < row.length; c++) {
            if (!Double.isFinite(row[c])) {
                throw new AttentionException(what + " has a non-finite number at index " + c);
            }
        }
        return row.length;
    }
}
