package dev.attention.alignments;

import static dev.attention.api.DType.FLOAT32;
import static dev.attention.api.DType.FLOAT64;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.DType;
import dev.attention.api.Parameters;
import dev.attention.api.Tensor;
import dev.attention.api.spi.AlignmentProvider;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Matrices start Xavier/Glorot uniform, drawn from the seeded context: reproducible per seed. */
class InitialisationTest {
    private static final int DQ = 3;
    private static final int DK = 2;

    static Stream<Arguments> matrixAlignments() {
        return Stream.of(
                Arguments.of(AlignmentFixtures.provider("general"), Map.of()),
                Arguments.of(AlignmentFixtures.provider("additive"), Map.of("hidden", 16)),
                Arguments.of(AlignmentFixtures.provider("gat"), Map.of()),
                Arguments.of(AlignmentFixtures.provider("location"), Map.of("max-positions", 9)));
    }

    private static Parameters parameters(AlignmentProvider p, Map<String, Object> config, DType dtype, long seed) {
        return AlignmentFixtures.create(p, config, dtype, seed, DQ, DK).parameters();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("matrixAlignments")
    void same_seed_gives_identical_parameters(AlignmentProvider p, Map<String, Object> config) {
        for (DType dtype : DType.values()) {
            assertEquals(parameters(p, config, dtype, 42), parameters(p, config, dtype, 42), dtype.id());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("matrixAlignments")
    void different_seeds_give_different_parameters(AlignmentProvider p, Map<String, Object> config) {
        Parameters a = parameters(p, config, FLOAT64, 1);
        Parameters b = parameters(p, config, FLOAT64, 2);
        for (String name : a.names()) {
            assertNotEquals(a.get(name), b.get(name), name);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("matrixAlignments")
    void every_matrix_lies_within_the_xavier_bound_and_uses_its_range(AlignmentProvider p, Map<String, Object> config) {
        for (DType dtype : DType.values()) {
            parameters(p, config, dtype, 7).asMap().forEach((name, w) -> {
                // [out, in]: fan_out = rows, fan_in = cols, a = √(6/(fan_in + fan_out)).
                double a = Math.sqrt(6.0 / (w.rows() + w.cols()));
                double largest = 0;
                for (int t = 0; t < w.size(); t++) {
                    largest = Math.max(largest, Math.abs(w.at(t)));
                }
                // float32 may round a value just below a up to float(a); allow that one ulp.
                assertTrue(largest <= (dtype == FLOAT32 ? Math.nextUp((float) a) : a), name + ": " + largest + " > " + a);
                // U(−a, a) over ≥ 6 values: the chance that all stay below a/4 in magnitude is < 4^-6.
                assertTrue(largest > a / 4, name + " hardly spreads: max |w| = " + largest + ", a = " + a);
                assertEquals(dtype, w.dtype(), name + " is stored in the pipeline dtype");
            });
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("matrixAlignments")
    void float32_parameters_are_the_float64_draws_rounded(AlignmentProvider p, Map<String, Object> config) {
        // One stream of draws, rounded on write: the dtype changes precision, not the model.
        Parameters p64 = parameters(p, config, FLOAT64, 5);
        Parameters p32 = parameters(p, config, FLOAT32, 5);
        for (String name : p64.names()) {
            assertEquals(p64.get(name).to(FLOAT32), p32.get(name), name);
        }
    }

    @org.junit.jupiter.api.Test
    void kernel_widths_start_at_the_log_of_their_configured_value() {
        // ln 2 = 0.6931471805599453, ln 3 = 1.0986122886681098.
        Tensor logSigma = AlignmentFixtures.create(AlignmentFixtures.provider("gaussian"), Map.of("sigma", 2.0)).parameters().get("log_sigma");
        Tensor logB = AlignmentFixtures.create(AlignmentFixtures.provider("laplace"), Map.of("b", 3.0)).parameters().get("log_b");
        assertEquals(0.6931471805599453, logSigma.get(0, 0), 0.0);
        assertEquals(1.0986122886681098, logB.get(0, 0), 0.0);
    }
}
