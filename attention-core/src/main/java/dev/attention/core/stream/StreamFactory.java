package dev.attention.core.stream;

import dev.attention.api.ConfigException;
import dev.attention.api.Parameters;
import dev.attention.api.PluginException;
import dev.attention.api.spi.AlignmentProvider;
import dev.attention.api.spi.DistributionProvider;
import dev.attention.api.spi.PluginContext;
import dev.attention.api.spi.PluginKind;
import dev.attention.api.spi.PluginProvider;
import dev.attention.api.spi.VariantProvider;
import dev.attention.core.config.ComponentConfig;
import dev.attention.core.config.JobConfig;
import dev.attention.core.config.Position;
import dev.attention.core.pipeline.PipelineFactory;
import dev.attention.core.plugin.PluginRegistry;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens {@link StreamSession}s from the same choices a batch pipeline is built from, deciding which
 * streaming form and {@link UpdateCost} they get:
 * <ul>
 *   <li>variant {@code global}, or {@code cross} without {@code causal}: standing queries;</li>
 *   <li>{@code self} with {@code causal: true} (optionally {@code window}): KV-cache decoding;</li>
 *   <li>{@code monotonic} and {@code mocha}: monotonic attention;</li>
 *   <li>alignments {@code dot}, {@code scaled-dot}, {@code cosine}, {@code general}, {@code additive},
 *       {@code gaussian}, {@code laplace} score one key at a time; with {@code softmax} that is
 *       {@link UpdateCost#ONLINE}, with another distribution {@link UpdateCost#SCORES}; any other
 *       alignment (e.g. {@code location}, whose score depends on the key's position) is
 *       {@link UpdateCost#RECOMPUTE};</li>
 *   <li>{@code gumbel-softmax} is refused: its noise is tied to batch positions a stream does not have.</li>
 * </ul>
 */
public final class StreamFactory {
    private static final Logger LOG = LoggerFactory.getLogger(StreamFactory.class);
    /** Alignments whose score of a key depends on that key and the query only. */
    static final Set<String> PER_KEY_ALIGNMENTS =
            Set.of("dot", "scaled-dot", "cosine", "general", "additive", "gaussian", "laplace");
    private static final String SOFTMAX = "softmax";

    private final PluginRegistry registry;
    private final PipelineFactory factory;

    public StreamFactory(PluginRegistry registry, PipelineFactory factory) {
        this.registry = registry;
        this.factory = factory;
    }

    /** A builder for a stream chosen in Java. */
    public StreamBuilder builder() {
        return new StreamBuilder(this);
    }

    /** A stream of a configuration file's pipeline; its {@code inputs} and {@code output} are not used. */
    public StreamSession open(JobConfig config) {
        if (!config.inputs().isEmpty()) {
            LOG.info("stream {}: the config's inputs are not read; rows arrive on the stream", config.name());
        }
        return open(new StreamSpec(config.name(), config.dtype(), config.seed(), config.variant(), config.alignment(),
                config.distribution(), Parameters.empty(), true));
    }

    StreamSession open(StreamSpec spec) {
        VariantSettings v = VariantSettings.of(context(PluginKind.VARIANT, spec.variant(), VariantProvider.class));
        PluginContext f = context(PluginKind.DISTRIBUTION, spec.distribution(), DistributionProvider.class);
        provider(PluginKind.ALIGNMENT, spec.alignment(), AlignmentProvider.class);
        if (f.pluginId().equals("gumbel-softmax")) {
            throw refuse(spec.distribution(), "gumbel-softmax has no stream form: its noise is fixed by batch"
                    + " positions (query, key) that a stream does not have", "use softmax with a temperature");
        }
        boolean perKey = PER_KEY_ALIGNMENTS.contains(spec.alignment().id());
        UpdateCost cost = !perKey ? UpdateCost.RECOMPUTE
                : f.pluginId().equals(SOFTMAX) ? UpdateCost.ONLINE : UpdateCost.SCORES;
        double temperature = f.pluginId().equals(SOFTMAX) ? f.getDouble("temperature") : 1;
        String ids = v.id() + " / " + spec.alignment().id() + " / " + spec.distribution().id();
        StreamSession s;
        switch (v.id()) {
            case "global":
            case "cross":
                if (v.causal()) {
                    throw refuse(spec.variant(), "cross with causal: true has no stream form",
                            "stream it without causal, or use self with causal: true for decoding");
                }
                if (!spec.keepKeys() && cost != UpdateCost.ONLINE) {
                    throw refuse(spec.distribution(), "without kept keys a standing query needs the O(d) online"
                            + " form (softmax and a per-key alignment); this pipeline is " + cost,
                            "keep the keys, or use softmax");
                }
                s = new GlobalStream(spec, factory, cost, temperature, ids + " (" + costText(cost) + ")");
                break;
            case "self":
                if (!v.causal()) {
                    throw refuse(spec.variant(), "self-attention over a stream needs causal: true",
                            "a token cannot attend to tokens that have not arrived; set causal: true");
                }
                if (v.window() > 0 && !perKey) {
                    throw refuse(spec.alignment(), "alignment '" + spec.alignment().id() + "' scores by key"
                            + " position, which a sliding-window cache does not keep", "use a per-key alignment: "
                            + String.join(", ", new java.util.TreeSet<>(PER_KEY_ALIGNMENTS)));
                }
                s = new CausalStream(spec, factory, v.window(), ids + " (KV cache"
                        + (v.window() > 0 ? " of the last " + v.window() + " tokens" : "") + ")");
                break;
            case "monotonic":
            case "mocha":
                if (!perKey) {
                    throw refuse(spec.alignment(), "monotonic attention scores one key at a time; alignment '"
                            + spec.alignment().id() + "' cannot", "use a per-key alignment: "
                            + String.join(", ", new java.util.TreeSet<>(PER_KEY_ALIGNMENTS)));
                }
                int chunk = v.id().equals("mocha") ? v.chunk() : 1;
                s = new MonotonicStream(spec, factory, chunk, v.offset(), ids + " (offset " + v.offset()
                        + (chunk > 1 ? ", chunk " + chunk : "") + ")");
                break;
            default:
                throw refuse(spec.variant(), "variant '" + v.id() + "' has no stream form",
                        "streams support global, cross, self (causal), monotonic and mocha");
        }
        LOG.info("stream {}: {}", spec.name(), s.describe());
        return s;
    }

    private static String costText(UpdateCost cost) {
        switch (cost) {
            case ONLINE:
                return "online softmax, O(d) per key";
            case SCORES:
                return "scores kept, O(d) per key, row recomputed on read";
            default:
                return "position-dependent alignment, all keys rescored on read";
        }
    }

    /** The plugin's parameters validated by its own specs, errors placed in the file like a batch run's. */
    private PluginContext context(PluginKind kind, ComponentConfig c,
            Class<? extends PluginProvider<?>> type) {
        PluginProvider<?> p = provider(kind, c, type);
        try {
            PluginContext.Builder b = PluginContext.builder(p.id(), p.parameters());
            c.parameters().forEach(b::parameter);
            return b.build();
        } catch (ConfigException e) {
            Position at = e.key().map(c::positionOf).orElse(c.position());
            throw e.at(at.file(), at.line(), at.column(), c.key());
        }
    }

    private PluginProvider<?> provider(PluginKind kind, ComponentConfig c, Class<? extends PluginProvider<?>> type) {
        try {
            return registry.provider(kind, c.id(), type);
        } catch (PluginException e) {
            Position p = c.position();
            throw new ConfigException(p.file(), p.line(), p.column(), c.key(), registry.unknownMessage(kind, c.id()),
                    "run 'attention plugins' to list them");
        }
    }

    private static ConfigException refuse(ComponentConfig c, String problem, String hint) {
        Position p = c.position();
        return new ConfigException(p.file(), p.line(), p.column(), c.key(), problem, hint);
    }
}
