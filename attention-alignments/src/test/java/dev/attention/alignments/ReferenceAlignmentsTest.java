package dev.attention.alignments;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.attention.api.Alignment;
import dev.attention.api.AlignmentGradients;
import dev.attention.api.DType;
import dev.attention.api.Parameters;
import dev.attention.api.Tensor;
import dev.attention.api.spi.AlignmentProvider;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Scores and every gradient against numpy, for fixed inputs and parameters set with
 * withParameters. The expected values come from {@code tools/reference_alignments.py}, which
 * computes them with vectorised numpy formulas checked there against finite differences; see
 * {@link ReferenceCases}. general and additive use batched inputs, so parameter gradients must sum
 * over the batch; location cuts S = 4 positions to m = 2 keys; gaussian uses σ = 0.5.
 */
class ReferenceAlignmentsTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("general", AlignmentFixtures.provider("general"), Map.of(), 3, 2),
                Arguments.of("additive", AlignmentFixtures.provider("additive"), Map.of("hidden", 4), 3, 2),
                Arguments.of("gaussian", AlignmentFixtures.provider("gaussian"), Map.of(), 2, 2),
                Arguments.of("laplace", AlignmentFixtures.provider("laplace"), Map.of(), 2, 2),
                Arguments.of("location", AlignmentFixtures.provider("location"), Map.of("max-positions", 4), 3, 2),
                Arguments.of("cosine", AlignmentFixtures.provider("cosine"), Map.of("learn-scale", true), 3, 3));
    }

    private static Alignment fixed(String id, AlignmentProvider provider, Map<String, Object> config, DType dtype,
            int dq, int dk) {
        return AlignmentFixtures.create(provider, config, dtype, 0, dq, dk).withParameters(ReferenceCases.parameters(id));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void scores_match_numpy(String id, AlignmentProvider provider, Map<String, Object> config, int dq, int dk) {
        Alignment a = fixed(id, provider, config, DType.FLOAT64, dq, dk);
        Tensor s = a.scores(ReferenceCases.tensor(id, "queries"), ReferenceCases.tensor(id, "keys"));
        assertClose(id + " scores", ReferenceCases.tensor(id, "scores"), s, 1e-12);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void float32_scores_match_numpy_to_float_precision(String id, AlignmentProvider provider,
            Map<String, Object> config, int dq, int dk) {
        Alignment a = fixed(id, provider, config, DType.FLOAT32, dq, dk);
        Tensor s = a.scores(ReferenceCases.tensor(id, "queries").to(DType.FLOAT32),
                ReferenceCases.tensor(id, "keys").to(DType.FLOAT32));
        assertEquals(DType.FLOAT32, s.dtype());
        assertClose(id + " float32 scores", ReferenceCases.tensor(id, "scores"), s, 1e-5);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void gradients_match_numpy(String id, AlignmentProvider provider, Map<String, Object> config, int dq, int dk) {
        Alignment a = fixed(id, provider, config, DType.FLOAT64, dq, dk);
        AlignmentGradients g = a.backward(ReferenceCases.tensor(id, "queries"), ReferenceCases.tensor(id, "keys"),
                ReferenceCases.tensor(id, "score_gradient"));
        assertClose(id + " d queries", ReferenceCases.tensor(id, "grad:queries"), g.queries(), 1e-12);
        assertClose(id + " d keys", ReferenceCases.tensor(id, "grad:keys"), g.keys(), 1e-12);
        Parameters expected = ReferenceCases.parameterGradients(id);
        assertEquals(expected.names(), g.parameters().names(), id + " parameter gradient names");
        for (String name : expected.names()) {
            assertClose(id + " d " + name, expected.get(name), g.parameters().get(name), 1e-12);
        }
    }

    private static void assertClose(String what, Tensor expected, Tensor actual, double tolerance) {
        assertArrayEquals(expected.shape(), actual.shape(), what + " shape");
        for (int t = 0; t < expected.size(); t++) {
            double e = expected.at(t);
            assertEquals(e, actual.at(t), tolerance * (1 + Math.abs(e)), what + "[" + t + "]");
        }
    }
}
