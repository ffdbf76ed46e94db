package dev.attention.stream;

import dev.attention.api.DType;
import dev.attention.api.Parameters;
import dev.attention.assembly.config.ComponentConfig;

/**
 * What a stream is opened from: the same choices a batch pipeline is built from, plus parameter
 * values to use instead of the seeded ones (e.g. a fitted pipeline's) and whether keys are kept.
 */
record StreamSpec(String name, DType dtype, long seed, ComponentConfig variant, ComponentConfig alignment,
        ComponentConfig distribution, Parameters parameters, boolean keepKeys) {
}
