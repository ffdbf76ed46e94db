package dev.attention.cli.aliasfixture;

import dev.attention.api.Distribution;
import dev.attention.api.DistributionGradients;
import dev.attention.api.Mask;
import dev.attention.api.Tensor;
import dev.attention.api.spi.AttentionPlugin;
import dev.attention.api.spi.ParameterSpec;
import dev.attention.api.spi.PluginRegistrar;

/**
 * A plugin jar's entry point whose distribution renamed its parameter {@code tau} to
 * {@code temperature}, keeping the old name as an alias. Written into a plugin folder by
 * {@code ParameterAliasRunTest}; not on the CLI's own services path.
 */
public final class RenamedPlugin implements AttentionPlugin {
    @Override
    public String apiVersion() {
        return API_VERSION;
    }

    @Override
    public void register(PluginRegistrar plugins) {
        plugins.distribution("renamed-softmax", "w_j = exp(s_j/τ) / Σ_k exp(s_k/τ) (no masks; a test fixture)",
                c -> new RowSoftmax(c.getDouble("temperature")))
                .parameters(ParameterSpec.doubleParam("temperature").defaultValue(1.0).greaterThan(0).alias("tau")
                        .doc("τ; was called tau"));
    }

    /** Softmax over each row of the last axis at temperature τ, max-subtracted; ignores masks. */
    static final class RowSoftmax implements Distribution {
        private final double temperature;

        RowSoftmax(double temperature) {
            this.temperature = temperature;
        }

        @Override
        public Tensor weights(Tensor scores, Mask mask) {
            Tensor.Builder b = Tensor.builder(scores.dtype(), scores.shape());
            int m = scores.cols();
            for (int row = 0; row < scores.size() / m; row++) {
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < m; j++) {
                    max = Math.max(max, scores.at(row * m + j));
                }
                double sum = 0;
                for (int j = 0; j < m; j++) {
                    sum += Math.exp((scores.at(row * m + j) - max) / temperature);
                }
                for (int j = 0; j < m; j++) {
                    b.set(row * m + j, Math.exp((scores.at(row * m + j) - max) / temperature) / sum);
                }
            }
            return b.build();
        }

        @Override
        public DistributionGradients backward(Tensor scores, Mask mask, Tensor weights, Tensor weightGradient) {
            throw new UnsupportedOperationException("a test fixture");
        }
    }
}
