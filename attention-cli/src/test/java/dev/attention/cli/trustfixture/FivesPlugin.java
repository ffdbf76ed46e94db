package dev.attention.cli.trustfixture;

import dev.attention.api.Distribution;
import dev.attention.api.DistributionGradients;
import dev.attention.api.Mask;
import dev.attention.api.Tensor;
import dev.attention.api.spi.AttentionPlugin;
import dev.attention.api.spi.PluginRegistrar;

/**
 * A plugin jar's entry point whose distribution {@code fives} returns finite nonsense: every weight
 * 5.0 (outside [0, 1], rows summing to 5·m), while keeping the default {@code sumsToOne() == true}.
 * Written into a plugin folder by {@code PluginTrustTest}; not on the CLI's own services path.
 */
public final class FivesPlugin implements AttentionPlugin {
    @Override
    public String apiVersion() {
        return API_VERSION;
    }

    @Override
    public void register(PluginRegistrar plugins) {
        plugins.distribution("fives", "every weight 5.0 (a misbehaving test fixture)", c -> new Fives());
    }

    /** Weights of 5.0 everywhere, in the scores' shape and dtype. */
    static final class Fives implements Distribution {
        @Override
        public Tensor weights(Tensor scores, Mask mask) {
            Tensor.Builder b = Tensor.builder(scores.dtype(), scores.shape());
            for (int k = 0; k < scores.size(); k++) {
                b.set(k, 5.0);
            }
            return b.build();
        }

        @Override
        public DistributionGradients backward(Tensor scores, Mask mask, Tensor weights, Tensor weightGradient) {
            throw new UnsupportedOperationException("a test fixture");
        }
    }
}
