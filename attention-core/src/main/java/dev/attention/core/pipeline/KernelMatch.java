package dev.attention.core.pipeline;

import dev.attention.api.spi.PluginContext;
import dev.attention.core.kernel.FusedSoftmaxKernel;
import dev.attention.core.kernel.KeyVisibility;
import java.util.Optional;

/**
 * Decides whether a pipeline is one the fused kernel computes: variant {@code global}, alignment
 * {@code dot} or {@code scaled-dot}, distribution {@code softmax}, nothing learnable. Core never
 * names plugin classes, so it matches by id and reads the parameters the plugins were created
 * with from their validated contexts ({@code scale}, {@code temperature}).
 */
final class KernelMatch {
    static final String GLOBAL = "global";

    private KernelMatch() {
    }

    /** The kernel for this pipeline, or why there is none (for the log). */
    record Result(Optional<FusedSoftmaxKernel> kernel, String reason) {
    }

    static Result of(String variant, PluginContext alignment, PluginContext distribution, boolean learnable) {
        if (!variant.equals(GLOBAL)) {
            return none("variant '" + variant + "' is not global");
        }
        double scale;
        switch (alignment.pluginId()) {
            case "dot":
                scale = 1;
                break;
            case "scaled-dot":
                scale = alignment.getDouble("scale");
                break;
            default:
                return none("alignment '" + alignment.pluginId() + "' is not dot or scaled-dot");
        }
        if (!distribution.pluginId().equals("softmax")) {
            return none("distribution '" + distribution.pluginId() + "' is not softmax");
        }
        if (learnable) {
            return none("the pipeline has learnable parameters");
        }
        double temperature = distribution.getDouble("temperature");
        return new Result(Optional.of(new FusedSoftmaxKernel(scale, temperature, KeyVisibility.all())),
                "global / " + alignment.pluginId() + " / softmax");
    }

    private static Result none(String reason) {
        return new Result(Optional.empty(), reason);
    }
}
