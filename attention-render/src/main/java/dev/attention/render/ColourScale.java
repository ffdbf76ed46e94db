package dev.attention.render;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Maps a value in {@code [low, high]} to a colour of a viridis-like ramp: dark violet → blue →
 * green → yellow. Its lightness rises monotonically, so the largest weight is also the brightest
 * cell (in grey print too) and the ramp stays readable for colour-blind viewers.
 */
final class ColourScale {
    /** Nine stops of the viridis ramp (van der Walt and Smith, matplotlib), evenly spaced. */
    private static final int[] STOPS = {0x440154, 0x472d7b, 0x3b528b, 0x2c728e, 0x21918c, 0x28ae80, 0x5ec962,
        0xadd43a, 0xfde725};

    private final double low;
    private final double high;

    ColourScale(double low, double high) {
        this.low = low;
        this.high = high;
    }

    /** The colour of {@code v} as 0xRRGGBB; values outside the range are clamped. */
    int rgb(double v) {
        return ramp((v - low) / (high - low));
    }

    /** The ramp at {@code t} in [0, 1]. */
    static int ramp(double t) {
        double x = Math.max(0, Math.min(1, Double.isNaN(t) ? 0 : t)) * (STOPS.length - 1);
        int k = Math.min((int) x, STOPS.length - 2);
        double f = x - k;
        int a = STOPS[k];
        int b = STOPS[k + 1];
        int r = mix(a >> 16 & 0xff, b >> 16 & 0xff, f);
        int g = mix(a >> 8 & 0xff, b >> 8 & 0xff, f);
        int bl = mix(a & 0xff, b & 0xff, f);
        return r << 16 | g << 8 | bl;
    }

    private static int mix(int a, int b, double f) {
        return (int) Math.round(a + (b - a) * f);
    }

    /** Whether text on this colour should be dark (the colour is light). */
    static boolean light(int rgb) {
        return luminance(rgb) > 0.45;
    }

    /** Relative luminance in [0, 1] (Rec. 709 weights on the encoded values; enough to pick a text colour). */
    static double luminance(int rgb) {
        return (0.2126 * (rgb >> 16 & 0xff) + 0.7152 * (rgb >> 8 & 0xff) + 0.0722 * (rgb & 0xff)) / 255;
    }

    static String hex(int rgb) {
        return String.format(Locale.ROOT, "#%06x", rgb & 0xffffff);
    }

    /** Stops of the ramp as (fraction, colour), for an SVG gradient. */
    static List<double[]> stops() {
        List<double[]> out = new ArrayList<>();
        for (int k = 0; k < STOPS.length; k++) {
            out.add(new double[] {k / (double) (STOPS.length - 1), STOPS[k]});
        }
        return out;
    }

    /** Five evenly spaced tick values from low to high. */
    List<Double> ticks() {
        List<Double> out = new ArrayList<>();
        for (int k = 0; k <= 4; k++) {
            out.add(low + (high - low) * k / 4);
        }
        return out;
    }

    /** A value inside a cell: two decimals without the leading zero, so four characters fit any cell drawn with values. */
    static String cellLabel(double v) {
        if (v == 0) {
            return "0";
        }
        if (Math.abs(v) < 0.005) {
            return v > 0 ? "<.01" : ">-.01";
        }
        String s = String.format(Locale.ROOT, "%.2f", v).replace("0.", ".");
        return s.equals("1.00") ? "1" : s;
    }

    /** A short label for a value: three significant digits, no exponent for ordinary weights. */
    static String label(double v) {
        if (v == 0) {
            return "0";
        }
        double a = Math.abs(v);
        if (a >= 1e-3 && a < 1e4) {
            String s = String.format(Locale.ROOT, "%.3g", v);
            return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
        }
        return String.format(Locale.ROOT, "%.2e", v);
    }
}
