package dev.attention.tck;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.attention.api.Alignment;
import dev.attention.api.AlignmentGradients;
import dev.attention.api.DType;
import dev.attention.api.Distribution;
import dev.attention.api.DistributionGradients;
import dev.attention.api.Mask;
import dev.attention.api.Parameters;
import dev.attention.api.Tensor;
import dev.attention.api.spi.AlignmentProvider;
import dev.attention.api.spi.DistributionProvider;
import dev.attention.api.spi.PluginContext;
import java.util.OptionalDouble;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The contract's declaration checks catch plugins that declare the dot-product form or a softmax
 * but compute something else, and pass honest ones and ones that declare nothing.
 */
class DeclarationChecksTest {

    @Test
    void an_alignment_declaring_the_dot_form_but_scoring_otherwise_fails() {
        // Declares s = 1 but scores 1.5·qᵀk.
        assertThrows(AssertionError.class,
                () -> alignmentContract(() -> new Dot(1.5, OptionalDouble.of(1))).a_declared_dot_product_form_equals_the_scores());
        // Declares 1/√d but scores with 1/d: equal at width 1 only.
        assertThrows(AssertionError.class, () -> alignmentContract(() -> new Dot(Double.NaN, OptionalDouble.empty()) {
            @Override
            public OptionalDouble dotProductScale(int width) {
                return OptionalDouble.of(1 / Math.sqrt(width));
            }
        }).a_declared_dot_product_form_equals_the_scores());
        // Declares the dot form of scores with an additive offset of 1e-9: off by far more than 1e-12.
        assertThrows(AssertionError.class, () -> alignmentContract(() -> new Dot(1, OptionalDouble.of(1)) {
            @Override
            public Tensor scores(Tensor q, Tensor k) {
                Tensor s = super.scores(q, k);
                Tensor.Builder b = Tensor.builder(s.dtype(), s.shape());
                for (int x = 0; x < s.size(); x++) {
                    b.set(x, s.at(x) + 1e-9);
                }
                return b.build();
            }
        }).a_declared_dot_product_form_equals_the_scores());
    }

    @Test
    void an_alignment_whose_declaration_depends_on_a_learnable_parameter_fails() {
        assertThrows(AssertionError.class, () -> alignmentContract(() -> new LearnableScale(0.5))
                .a_declared_dot_product_form_equals_the_scores());
    }

    @Test
    void honest_and_silent_alignments_pass() {
        assertDoesNotThrow(() -> alignmentContract(() -> new Dot(0.25, OptionalDouble.of(0.25)))
                .a_declared_dot_product_form_equals_the_scores());
        assertDoesNotThrow(() -> alignmentContract(() -> new Dot(3, OptionalDouble.empty()))
                .a_declared_dot_product_form_equals_the_scores());
        assertDoesNotThrow(() -> alignmentContract(ReferenceComponents::dot).a_declared_dot_product_form_equals_the_scores());
    }

    @Test
    void a_distribution_declaring_a_softmax_but_weighting_otherwise_fails() {
        // Declares τ = 1 but computes τ = 2.
        assertThrows(AssertionError.class, () -> distributionContract(() -> new Softmax(2, OptionalDouble.of(1), false))
                .a_declared_softmax_temperature_equals_the_weights());
        // The right softmax except on fully masked rows, which it spreads uniformly instead of zeroing.
        assertThrows(AssertionError.class, () -> distributionContract(() -> new Softmax(1, OptionalDouble.of(1), true))
                .a_declared_softmax_temperature_equals_the_weights());
    }

    @Test
    void honest_and_silent_distributions_pass() {
        assertDoesNotThrow(() -> distributionContract(() -> new Softmax(0.7, OptionalDouble.of(0.7), false))
                .a_declared_softmax_temperature_equals_the_weights());
        assertDoesNotThrow(() -> distributionContract(() -> new Softmax(2, OptionalDouble.empty(), true))
                .a_declared_softmax_temperature_equals_the_weights());
        assertDoesNotThrow(() -> distributionContract(ReferenceComponents::softmax)
                .a_declared_softmax_temperature_equals_the_weights());
    }

    private static AlignmentContract alignmentContract(Supplier<Alignment> plugin) {
        return new AlignmentContract() {
            @Override
            protected String id() {
                return "fixture";
            }

            @Override
            AlignmentProvider lookup() {
                return new AlignmentProvider() {
                    @Override
                    public String apiVersion() {
                        return API_VERSION;
                    }

                    @Override
                    public String id() {
                        return "fixture";
                    }

                    @Override
                    public String description() {
                        return "a test fixture";
                    }

                    @Override
                    public Alignment create(PluginContext context) {
                        return plugin.get();
                    }
                };
            }
        };
    }

    private static DistributionContract distributionContract(Supplier<Distribution> plugin) {
        return new DistributionContract() {
            @Override
            protected String id() {
                return "fixture";
            }

            @Override
            DistributionProvider lookup() {
                return new DistributionProvider() {
                    @Override
                    public String apiVersion() {
                        return API_VERSION;
                    }

                    @Override
                    public String id() {
                        return "fixture";
                    }

                    @Override
                    public String description() {
                        return "a test fixture";
                    }

                    @Override
                    public Distribution create(PluginContext context) {
                        return plugin.get();
                    }
                };
            }
        };
    }

    /** {@code factor·qᵀk} declaring whatever it is given; NaN factor means 1/width. */
    private static class Dot implements Alignment {
        private final double factor;
        private final OptionalDouble declared;

        Dot(double factor, OptionalDouble declared) {
            this.factor = factor;
            this.declared = declared;
        }

        @Override
        public Tensor scores(Tensor q, Tensor k) {
            Tensor dots = ReferenceComponents.dot().scores(q, k);
            double f = Double.isNaN(factor) ? 1.0 / q.cols() : factor;
            Tensor.Builder b = Tensor.builder(dots.dtype(), dots.shape());
            for (int x = 0; x < dots.size(); x++) {
                b.set(x, f * dots.at(x));
            }
            return b.build();
        }

        @Override
        public AlignmentGradients backward(Tensor q, Tensor k, Tensor g) {
            throw new UnsupportedOperationException();
        }

        @Override
        public OptionalDouble dotProductScale(int width) {
            return declared;
        }
    }

    /** {@code c·qᵀk} with a learnable {@code c}, declaring {@code c}: true now, but not a constant. */
    private static final class LearnableScale extends Dot {
        private final double c;

        LearnableScale(double c) {
            super(c, OptionalDouble.of(c));
            this.c = c;
        }

        @Override
        public Parameters parameters() {
            return Parameters.of("c", Tensor.of(DType.FLOAT64, new int[] {1, 1}, c));
        }

        @Override
        public Alignment withParameters(Parameters p) {
            return new LearnableScale(p.get("c").at(0));
        }
    }

    /** Softmax at temperature {@code tau}, declaring whatever it is given. */
    private static final class Softmax implements Distribution {
        private final double tau;
        private final OptionalDouble declared;
        private final boolean uniformWhenMasked;

        Softmax(double tau, OptionalDouble declared, boolean uniformWhenMasked) {
            this.tau = tau;
            this.declared = declared;
            this.uniformWhenMasked = uniformWhenMasked;
        }

        @Override
        public Tensor weights(Tensor s, Mask mask) {
            Tensor.Builder scaled = Tensor.builder(s.dtype(), s.shape());
            for (int x = 0; x < s.size(); x++) {
                scaled.set(x, s.at(x) / tau);
            }
            Tensor w = ReferenceComponents.softmax().weights(scaled.build(), mask);
            if (!uniformWhenMasked) {
                return w;
            }
            Tensor.Builder out = Tensor.builder(w.dtype(), w.shape());
            for (int b = 0; b < w.batchSize(); b++) {
                for (int i = 0; i < w.rows(); i++) {
                    boolean any = false;
                    for (int j = 0; j < w.cols(); j++) {
                        any |= mask.allows(b, i, j);
                    }
                    for (int j = 0; j < w.cols(); j++) {
                        out.set(b, i, j, any ? w.get(b, i, j) : 1.0 / w.cols());
                    }
                }
            }
            return out.build();
        }

        @Override
        public DistributionGradients backward(Tensor s, Mask mask, Tensor w, Tensor g) {
            throw new UnsupportedOperationException();
        }

        @Override
        public OptionalDouble softmaxTemperature() {
            return declared;
        }
    }
}
