package dev.attention.stream;

import static org.apiguardian.api.API.Status.MAINTAINED;

import dev.attention.api.DType;
import dev.attention.api.Parameters;
import dev.attention.assembly.config.ComponentConfig;
import dev.attention.assembly.config.ConfigLoader;
import java.util.Map;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * Opens a {@link StreamSession} chosen in Java, with the same defaults and validation as a pipeline:
 * {@code global}, {@code scaled-dot}, {@code softmax}, float64, seed 0.
 *
 * <pre>{@code
 * StreamSession s = engine.stream()
 *     .variant("self", Map.of("causal", true, "window", 128))
 *     .alignment("scaled-dot")
 *     .open();
 * }</pre>
 * Not thread-safe.
 */
@API(status = MAINTAINED)
public final class StreamBuilder {
    private final StreamFactory factory;
    private String name = "stream";
    private DType dtype = DType.FLOAT64;
    private long seed;
    private Parameters parameters = Parameters.empty();
    private boolean keepKeys = true;
    private ComponentConfig variant = ComponentConfig.of("pipeline.variant", ConfigLoader.DEFAULT_VARIANT, Map.of());
    private ComponentConfig alignment = ComponentConfig.of("pipeline.alignment", ConfigLoader.DEFAULT_ALIGNMENT,
            Map.of());
    private ComponentConfig distribution = ComponentConfig.of("pipeline.distribution",
            ConfigLoader.DEFAULT_DISTRIBUTION, Map.of());

    StreamBuilder(StreamFactory factory) {
        this.factory = factory;
    }

    public StreamBuilder name(String name) {
        this.name = Objects.requireNonNull(name, "name");
        return this;
    }

    public StreamBuilder dtype(DType dtype) {
        this.dtype = Objects.requireNonNull(dtype, "dtype");
        return this;
    }

    public StreamBuilder seed(long seed) {
        this.seed = seed;
        return this;
    }

    public StreamBuilder variant(String id) {
        return variant(id, Map.of());
    }

    public StreamBuilder variant(String id, Map<String, ?> parameters) {
        this.variant = ComponentConfig.of("pipeline.variant", id, parameters);
        return this;
    }

    public StreamBuilder alignment(String id) {
        return alignment(id, Map.of());
    }

    public StreamBuilder alignment(String id, Map<String, ?> parameters) {
        this.alignment = ComponentConfig.of("pipeline.alignment", id, parameters);
        return this;
    }

    public StreamBuilder distribution(String id) {
        return distribution(id, Map.of());
    }

    public StreamBuilder distribution(String id, Map<String, ?> parameters) {
        this.distribution = ComponentConfig.of("pipeline.distribution", id, parameters);
        return this;
    }

    /**
     * Qualified parameter values to use instead of the seeded ones, e.g. a fitted pipeline's
     * {@code pipeline.parameters()}; checked against the pipeline's names when the widths arrive.
     */
    public StreamBuilder parameters(Parameters parameters) {
        this.parameters = Objects.requireNonNull(parameters, "parameters");
        return this;
    }

    /**
     * Whether a global stream keeps its keys (default true), so a query asked late sees every key.
     * Without them a query sees only keys appended after it, and memory no longer grows with the
     * stream; that needs the {@link UpdateCost#ONLINE} form.
     */
    public StreamBuilder keepKeys(boolean keepKeys) {
        this.keepKeys = keepKeys;
        return this;
    }

    /**
     * @throws dev.attention.api.ConfigException for an unknown id, a bad parameter or a pipeline that
     *     has no stream form
     */
    public StreamSession open() {
        return factory.open(new StreamSpec(name, dtype, seed, variant, alignment, distribution, parameters, keepKeys));
    }
}
