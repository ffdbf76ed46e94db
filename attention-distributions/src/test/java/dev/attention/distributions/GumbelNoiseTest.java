package dev.attention.distributions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

/** The frozen Gumbel noise: the documented hash, an open interval for u, and the Gumbel(0, 1) law. */
class GumbelNoiseTest {

    @Test
    void noise_matches_the_documented_hash() {
        // reference/gumbel_noise.csv: tools/reference_distributions.py reimplements the hash with numpy uint64.
        for (String[] line : ReferenceCsv.read("gumbel_noise.csv")) {
            double g = GumbelNoise.at(Long.parseLong(line[0]), Integer.parseInt(line[1]), Integer.parseInt(line[2]),
                    Integer.parseInt(line[3]));
            assertEquals(Double.parseDouble(line[4]), g, 1e-14, String.join(",", line));
        }
    }

    @Test
    void the_extreme_hash_values_stay_inside_the_open_interval() {
        // All-zero bits: u = 2^−53, −log u = 53 ln 2 = 36.736800, g = −log 36.736800 = −3.603779.
        // All-one bits: u = 1 − 2^−53, −log u ≈ 2^−53, g = 53 ln 2 = 36.736800. Neither is ±∞.
        assertEquals(-3.603779, GumbelNoise.gumbel(0L), 1e-6);
        assertEquals(36.736800, GumbelNoise.gumbel(-1L), 1e-6);
    }

    @Test
    void every_coordinate_and_the_seed_change_the_noise() {
        double g = GumbelNoise.at(7, 1, 2, 3);
        assertNotEquals(g, GumbelNoise.at(8, 1, 2, 3));
        assertNotEquals(g, GumbelNoise.at(7, 0, 2, 3));
        assertNotEquals(g, GumbelNoise.at(7, 1, 3, 3));
        assertNotEquals(g, GumbelNoise.at(7, 1, 2, 4));
        assertEquals(g, GumbelNoise.at(7, 1, 2, 3), 0.0);
    }

    @Test
    void samples_have_the_gumbel_mean_and_variance() {
        // Gumbel(0, 1): mean = Euler–Mascheroni γ = 0.5772, variance π²/6 = 1.6449. With 200 000 samples the
        // standard errors are 0.003 and about 0.01, so 0.02 and 0.05 are wide margins for a fixed seed.
        int n = 200_000;
        double sum = 0;
        double squares = 0;
        for (int k = 0; k < n; k++) {
            double g = GumbelNoise.at(11, k / 1000, k % 1000, k % 7);
            sum += g;
            squares += g * g;
        }
        double mean = sum / n;
        assertEquals(0.5772, mean, 0.02);
        assertEquals(Math.PI * Math.PI / 6, squares / n - mean * mean, 0.05);
    }
}
