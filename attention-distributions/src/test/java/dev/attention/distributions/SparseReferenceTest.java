package dev.attention.distributions;

import static dev.attention.api.DType.FLOAT64;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.attention.api.Distribution;
import dev.attention.api.Mask;
import dev.attention.api.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Sparsemax, 1.5-entmax and α-entmax against values from {@code tools/reference_distributions.py}
 * (numpy): there τ comes from plain bisection to the limit of float64, finished in closed form on the
 * support for sparsemax and 1.5-entmax, rather than from sorting. Rows include ties, a single key,
 * ±1e4 and scores 1000 off zero.
 */
class SparseReferenceTest {

    private static void check(String file, Distribution f, String[] line, int scoresCell, double tolerance) {
        double[] z = ReferenceCsv.numbers(line[scoresCell]);
        double[] expected = ReferenceCsv.numbers(line[scoresCell + 1]);
        Tensor w = f.weights(Tensor.matrix(FLOAT64, z), Mask.all());
        for (int j = 0; j < z.length; j++) {
            if (expected[j] == 0) {
                assertEquals(0.0, w.get(0, j), 0.0, file + " " + String.join(",", line) + " key " + j + " must be exactly 0");
            } else {
                assertEquals(expected[j], w.get(0, j), tolerance, file + " " + String.join(",", line) + " key " + j);
            }
        }
    }

    @Test
    void sparsemax_matches_the_reference() {
        Distribution f = DistributionFixtures.create(DistributionFixtures.provider("sparsemax"));
        ReferenceCsv.read("sparsemax.csv").forEach(line -> check("sparsemax.csv", f, line, 0, 1e-12));
    }

    @Test
    void entmax15_matches_the_reference() {
        Distribution f = DistributionFixtures.create(DistributionFixtures.provider("entmax15"));
        ReferenceCsv.read("entmax15.csv").forEach(line -> check("entmax15.csv", f, line, 0, 1e-12));
    }

    @Test
    void entmax_matches_the_reference_for_several_alphas() {
        // α ∈ {1.1, 1.3, 1.5, 2, 3}.
        for (String[] line : ReferenceCsv.read("entmax.csv")) {
            double alpha = Double.parseDouble(line[0]);
            Distribution f = DistributionFixtures.create(DistributionFixtures.provider("entmax"), Map.of("alpha", alpha));
            check("entmax.csv", f, line, 1, 1e-10);
        }
    }
}
