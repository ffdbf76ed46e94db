package dev.attention.variants;

import dev.attention.api.AttentionInputs;
import dev.attention.api.Mode;
import dev.attention.api.spi.ParameterSpec;
import dev.attention.api.spi.PluginContext;
import java.util.Locale;

/**
 * When monotonic and MoChA attention use their expected (soft) alignment and when their hard
 * decisions, following the papers: train soft, decode hard. {@code mode: auto} (the default) is soft
 * in {@link Mode#TRAIN} passes ({@code attention fit}) and hard otherwise ({@code run}, {@code stream},
 * evaluation); {@code soft} and {@code hard} force one. {@code noise} σ adds seeded Gaussian noise to
 * the energies of soft passes in training only. Immutable.
 */
record MonotonicTraining(Setting setting, double noise, long seed) {
    static final String MODE = "mode";
    static final String NOISE = "noise";

    /** The {@code mode} parameter's values. */
    enum Setting {
        AUTO, SOFT, HARD;

        final String id = name().toLowerCase(Locale.ROOT);
    }

    static final ParameterSpec MODE_SPEC = ParameterSpec.stringParam(MODE).defaultValue("auto").choices("auto", "soft", "hard")
                    .doc("auto: the expected (soft) alignment when fitting, hard decisions when run or streamed;"
                            + " soft or hard: always that one (soft has no stream form)");
    static final ParameterSpec NOISE_SPEC = ParameterSpec.doubleParam(NOISE).defaultValue(0.0).atLeast(0)
                    .doc("σ of Gaussian noise added to the energies of soft passes while fitting (seeded); 0: none");

    static MonotonicTraining of(PluginContext c) {
        return new MonotonicTraining(Setting.valueOf(c.getString(MODE).toUpperCase(Locale.ROOT)),
                c.getDouble(NOISE), c.seed());
    }

    /** True when a pass over {@code inputs} uses the expected alignment. */
    boolean soft(AttentionInputs inputs) {
        return setting == Setting.SOFT || setting == Setting.AUTO && inputs.mode() == Mode.TRAIN;
    }

    /** The noise of a soft pass over {@code inputs}: none outside training. */
    EnergyNoise noise(AttentionInputs inputs) {
        return noise > 0 && inputs.mode() == Mode.TRAIN ? new EnergyNoise(noise, seed, inputs.step()) : EnergyNoise.NONE;
    }

    /** Noise is hashed from batch positions, so batch entries are then not independent in training. */
    boolean drawsNoise() {
        return noise > 0;
    }

    @Override
    public String toString() {
        return "mode=" + setting.id + (noise > 0 ? ", noise=" + noise : "");
    }
}
