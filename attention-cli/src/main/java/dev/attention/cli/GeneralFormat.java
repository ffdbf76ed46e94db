package dev.attention.cli;

/**
 * The text of {@code String.format(Locale.ROOT, "%.<p>g", v)} without {@link java.util.Formatter}:
 * a cold Formatter costs about 0.1 ms a number (a regular expression per call, all interpreted),
 * and {@code run} prints hundreds of numbers once. The same rule as the Formatter's: the shortest
 * decimal digits of {@code v} ({@link Double#toString}) rounded half up to {@code p} significant
 * digits; plain when the rounded exponent is in [-4, p), else {@code d.ddd e±xx}; trailing zeros kept.
 * Most numbers get those digits by one scaling instead of {@code Double.toString}.
 */
final class GeneralFormat {
    /** Powers of ten a double holds exactly. */
    private static final double[] POW10 = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12,
        1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    /** Precisions the fast path takes: the scaled value's units in the last place stay below 1e-6. */
    private static final int MAX_FAST = 9;
    /**
     * How far from half-way, in units of the last digit kept, the fast path decides: far above the
     * scaling's rounding and the shortest digits' distance from {@code a} (together a few 1e-7 at most).
     */
    private static final double MARGIN = 1e-4;
    private static final int NOT_SURE = Integer.MIN_VALUE;

    private GeneralFormat() {
    }

    /** {@code v} as {@code %.<precision>g} prints it, {@code precision} in 1–17. */
    static String format(double v, int precision) {
        if (precision < 1 || precision > 17) {
            throw new IllegalArgumentException("precision " + precision + " is not in 1–17");
        }
        if (Double.isNaN(v)) {
            return "NaN";
        }
        // As the Formatter: -0.0 is negative too.
        boolean negative = Double.compare(v, 0.0) < 0;
        double a = Math.abs(v);
        if (Double.isInfinite(a)) {
            return negative ? "-Infinity" : "Infinity";
        }
        StringBuilder sb = new StringBuilder(precision + 8);
        if (negative) {
            sb.append('-');
        }
        if (a == 0.0) {
            sb.append('0');
            zeros(sb.append(precision > 1 ? "." : ""), precision - 1);
            return sb.toString();
        }
        // value = 0.d1d2d3… × 10^exp, digits without leading zeros.
        char[] digits = new char[precision];
        int exp = roundedFast(a, digits);
        if (exp == NOT_SURE) {
            exp = rounded(Double.toString(a), digits);
        }
        int e = exp - 1;
        if (e < -4 || e >= precision) {
            sb.append(digits[0]);
            if (precision > 1) {
                sb.append('.').append(digits, 1, precision - 1);
            }
            sb.append('e').append(e < 0 ? '-' : '+');
            int m = Math.abs(e);
            if (m < 10) {
                sb.append('0');
            }
            return sb.append(m).toString();
        }
        if (exp <= 0) {
            sb.append("0.");
            zeros(sb, -exp);
            return sb.append(digits, 0, precision).toString();
        }
        sb.append(digits, 0, exp);
        if (exp < precision) {
            sb.append('.').append(digits, exp, precision - exp);
        }
        return sb.toString();
    }

    /**
     * {@link #rounded(String, char[])} without {@code Double.toString} (about 20 µs a number cold):
     * {@code a · 10^k} in one correctly rounded step, rounded half up to {@code out.length} digits.
     * That equals rounding the shortest digits unless a half-way point lies within a few units in the
     * last place of {@code a}, where the two may part: then, and outside exact powers of ten, it
     * returns {@link #NOT_SURE}.
     */
    private static int roundedFast(double a, char[] out) {
        int p = out.length;
        if (p > MAX_FAST) {
            return NOT_SURE;
        }
        // a = d.ddd… × 10^e; log10 may be one off next to a power of ten, corrected below.
        int e = (int) Math.floor(Math.log10(a));
        for (int attempt = 0; attempt < 2; attempt++) {
            int k = p - 1 - e;
            if (Math.abs(k) >= POW10.length) {
                return NOT_SURE;
            }
            double scaled = k >= 0 ? a * POW10[k] : a / POW10[-k];
            if (scaled < POW10[p - 1]) {
                e--;
                continue;
            }
            if (scaled >= POW10[p]) {
                e++;
                continue;
            }
            double whole = Math.floor(scaled);
            double frac = scaled - whole;
            if (Math.abs(frac - 0.5) < MARGIN) {
                return NOT_SURE;
            }
            long m = (long) whole + (frac > 0.5 ? 1 : 0);
            if (m == (long) POW10[p]) {
                m /= 10;
                e++;
            }
            for (int i = p - 1; i >= 0; i--) {
                out[i] = (char) ('0' + m % 10);
                m /= 10;
            }
            return e + 1;
        }
        return NOT_SURE;
    }

    /**
     * Fills {@code out} with the first {@code out.length} significant digits of the positive
     * {@code shortest} (as {@link Double#toString} writes it), rounded half up, and returns the
     * decimal exponent of the rounded value in the 0.ddd × 10^exp convention.
     */
    private static int rounded(String shortest, char[] out) {
        int ePos = shortest.indexOf('E');
        String mantissa = ePos < 0 ? shortest : shortest.substring(0, ePos);
        int power = ePos < 0 ? 0 : Integer.parseInt(shortest.substring(ePos + 1));
        int dot = mantissa.indexOf('.');
        StringBuilder all = new StringBuilder(mantissa.length());
        all.append(mantissa, 0, dot).append(mantissa, dot + 1, mantissa.length());
        int lead = 0;
        while (lead < all.length() - 1 && all.charAt(lead) == '0') {
            lead++;
        }
        // Digits before the point, less the leading zeros dropped.
        int exp = dot - lead + power;
        int n = all.length() - lead;
        for (int i = 0; i < out.length; i++) {
            out[i] = i < n ? all.charAt(lead + i) : '0';
        }
        if (n > out.length && all.charAt(lead + out.length) >= '5') {
            int i = out.length - 1;
            while (i >= 0 && out[i] == '9') {
                out[i--] = '0';
            }
            if (i < 0) {
                out[0] = '1';
                return exp + 1;
            }
            out[i]++;
        }
        return exp;
    }

    private static void zeros(StringBuilder sb, int n) {
        for (int i = 0; i < n; i++) {
            sb.append('0');
        }
    }
}
