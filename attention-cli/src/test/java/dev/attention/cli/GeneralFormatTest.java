package dev.attention.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** GeneralFormat prints what java.util.Formatter's %.<p>g prints, character for character. */
class GeneralFormatTest {
    private static void same(double v, int precision) {
        assertEquals(String.format(Locale.ROOT, "%." + precision + "g", v), GeneralFormat.format(v, precision),
                () -> v + " at precision " + precision);
    }

    @Test
    void edges_the_rounding_and_the_switch_to_exponents_turn_on() {
        double[] edges = {0.0, -0.0, 1.0, -1.0, 0.5, 9.999995, 9.9999949, 99.99995, 0.00099999995, 0.0001,
            0.000099999, 5e-5, 999999.5, 999999.4, 1e6, 123456.5, 12345678.9, 1e21, 1e-7, 1e-300,
            Double.MIN_VALUE, Double.MAX_VALUE, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        for (int p = 1; p <= 17; p++) {
            for (double v : edges) {
                same(v, p);
            }
        }
        // By hand, as run prints them: seven digits after the point below 0.1, an exponent below 1e-4.
        assertEquals("0.0102240", GeneralFormat.format(0.010224000178, 6));
        assertEquals("-5.99570e-06", GeneralFormat.format(-5.9957e-6, 6));
        assertEquals("1.00000e+06", GeneralFormat.format(999999.5, 6));
        assertEquals("123457", GeneralFormat.format(123456.5, 6));
    }

    @Test
    void random_doubles_and_floats_of_every_magnitude() {
        Random r = new Random(21);
        for (int i = 0; i < 200_000; i++) {
            double v = switch (i % 4) {
                case 0 -> r.nextGaussian() * Math.pow(10, r.nextInt(40) - 20);
                case 1 -> (float) (r.nextGaussian() * 0.03);
                case 2 -> Math.round(r.nextGaussian() * 1e6) / Math.pow(10, r.nextInt(12));
                default -> Double.longBitsToDouble(r.nextLong());
            };
            same(v, 6);
            same(v, 1 + i % 17);
        }
    }

    @Test
    void numbers_a_few_units_in_the_last_place_from_half_way_and_from_powers_of_ten() {
        // Where rounding the double and rounding its shortest digits can part: the fast path must step aside.
        Random r = new Random(22);
        for (int i = 0; i < 100_000; i++) {
            int p = 1 + r.nextInt(9);
            long k = (long) Math.pow(10, p - 1) + r.nextInt((int) Math.min(Integer.MAX_VALUE, 9 * Math.pow(10, p - 1)));
            int j = r.nextInt(40) - 20;
            double v = i % 7 == 0 ? Math.pow(10, j) : Double.parseDouble(k + "5e" + j);
            int steps = r.nextInt(200) - 100;
            for (int s = 0; s < Math.abs(steps); s++) {
                v = steps > 0 ? Math.nextUp(v) : Math.nextDown(v);
            }
            same(r.nextBoolean() ? (float) v : v, p);
        }
    }
}
