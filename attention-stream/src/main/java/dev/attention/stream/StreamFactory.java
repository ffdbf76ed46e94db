package dev.attention.stream;

import dev.attention.api.ConfigException;
import dev.attention.api.Distribution;
import dev.attention.api.Independence;
import dev.attention.api.Parameters;
import dev.attention.api.PluginException;
import dev.attention.api.spi.AlignmentProvider;
import dev.attention.api.spi.PluginContext;
import dev.attention.api.spi.PluginKind;
import dev.attention.api.spi.PluginProvider;
import dev.attention.api.spi.StreamForm;
import dev.attention.api.spi.VariantProvider;
import dev.attention.assembly.config.ComponentConfig;
import dev.attention.assembly.config.JobConfig;
import dev.attention.assembly.config.Position;
import dev.attention.assembly.pipeline.PipelineFactory;
import dev.attention.assembly.plugin.PluginInfo;
import dev.attention.assembly.plugin.PluginRegistry;
import java.util.OptionalDouble;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens {@link StreamSession}s from the same choices a batch pipeline is built from. Which stream a
 * pipeline gets is what its plugins declare:
 * <ul>
 *   <li>the variant's {@link StreamForm} ({@code VariantProvider.streamForm}): standing queries,
 *       a KV cache (optionally a sliding window) or monotonic attention, with the learned row maps to
 *       apply, or the variant's own decoder ({@link DecoderStream}); a variant without one is refused
 *       with its own reason;</li>
 *   <li>an alignment that {@link AlignmentProvider#scoresEachKeyAlone() scores each key alone} costs
 *       {@link UpdateCost#ONLINE} per key with a distribution that declares
 *       {@link Distribution#softmaxTemperature() softmax}, {@link UpdateCost#SCORES} with another; any
 *       other alignment (one that scores by key position) is {@link UpdateCost#RECOMPUTE};</li>
 *   <li>a distribution whose weights are not {@link Independence#ALL independent} of positions
 *       (noise hashed from batch positions) is refused: a stream has no such positions.</li>
 * </ul>
 */
public final class StreamFactory {
    private static final Logger LOG = LoggerFactory.getLogger(StreamFactory.class);

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

    /**
     * A stream of a configuration file's pipeline, with the values of its {@code parameters:} file
     * when it has one ({@link StoredStreamParameters}); its {@code inputs} and {@code output} are not used.
     */
    public StreamSession open(JobConfig config) {
        if (!config.inputs().isEmpty()) {
            LOG.info("stream {}: the config's inputs are not read; rows arrive on the stream", config.name());
        }
        Parameters stored = config.parameters().map(StoredStreamParameters::read).orElse(Parameters.empty());
        return open(new StreamSpec(config.name(), config.dtype(), config.seed(), config.variant(), config.alignment(),
                config.distribution(), stored, true));
    }

    StreamSession open(StreamSpec spec) {
        VariantProvider vp = (VariantProvider) provider(PluginKind.VARIANT, spec.variant(), VariantProvider.class);
        StreamForm form = registry.callAs(PluginKind.VARIANT, spec.variant().id(),
                () -> vp.streamForm(context(vp, spec.variant())));
        AlignmentProvider ap = (AlignmentProvider) provider(PluginKind.ALIGNMENT, spec.alignment(),
                AlignmentProvider.class);
        Distribution f = factory.distribution(spec.distribution(), spec.dtype(), spec.seed());
        if (!f.independence().equals(Independence.ALL)) {
            throw refuse(spec.distribution(), "distribution '" + spec.distribution().id() + "' has no stream form:"
                    + " its weights depend on batch positions (query, key), as noise hashed from them does, and a stream"
                    + " has no such positions",
                    "use softmax with a temperature");
        }
        boolean perKey = ap.scoresEachKeyAlone();
        OptionalDouble softmax = f.softmaxTemperature();
        UpdateCost cost = !perKey ? UpdateCost.RECOMPUTE : softmax.isPresent() ? UpdateCost.ONLINE : UpdateCost.SCORES;
        double temperature = softmax.orElse(1);
        String ids = spec.variant().id() + " / " + spec.alignment().id() + " / " + spec.distribution().id();
        StreamSession s;
        switch (form.kind()) {
            case STANDING_QUERIES:
                if (!spec.keepKeys() && cost != UpdateCost.ONLINE) {
                    throw refuse(spec.distribution(), "without kept keys a standing query needs the O(d) online"
                            + " form (softmax and an alignment that scores each key alone); this pipeline is " + cost,
                            "keep the keys, or use softmax");
                }
                s = new GlobalStream(spec, factory, form, cost, temperature, ids + " (" + costText(cost) + ")");
                break;
            case KEY_VALUE_CACHE:
                requirePerKeyInWindow(spec, form, perKey);
                s = new CausalStream(spec, factory, form, ids + " (" + form + ")");
                break;
            case DECODER:
                requirePerKeyInWindow(spec, form, perKey);
                s = new DecoderStream(spec, factory, form, ids + " (" + form + ")");
                break;
            case MONOTONIC:
                if (!perKey) {
                    throw refuse(spec.alignment(), "monotonic attention scores one key at a time; alignment '"
                            + spec.alignment().id() + "' cannot", "use one that scores each key alone: "
                            + perKeyAlignments());
                }
                s = new MonotonicStream(spec, factory, form, ids + " (offset " + form.offset()
                        + (form.chunk() > 1 ? ", chunk " + form.chunk() : "") + ")");
                break;
            default:
                throw refuse(spec.variant(), form.problem().orElse("variant '" + spec.variant().id()
                        + "' has no stream form"), form.hint().orElse("see 'attention plugins'"));
        }
        LOG.info("stream {}: {}", spec.name(), s.describe());
        return s;
    }

    /** A sliding-window cache starts past key 0, which an alignment that scores by key position cannot see. */
    private void requirePerKeyInWindow(StreamSpec spec, StreamForm form, boolean perKey) {
        if (form.window() > 0 && !perKey) {
            throw refuse(spec.alignment(), "alignment '" + spec.alignment().id() + "' scores by key"
                    + " position, which a sliding-window cache does not keep", "use one that scores each key"
                    + " alone: " + perKeyAlignments());
        }
    }

    /** The installed alignments that declare they score each key alone, for messages. */
    private String perKeyAlignments() {
        return registry.all().stream().filter(i -> i.kind() == PluginKind.ALIGNMENT)
                .filter(i -> ((AlignmentProvider) registry.provider(PluginKind.ALIGNMENT, i.id(),
                        AlignmentProvider.class)).scoresEachKeyAlone())
                .map(PluginInfo::id).sorted().collect(Collectors.joining(", "));
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

    /** The variant's parameters validated by its own specs, errors placed in the file like a batch run's. */
    private static PluginContext context(PluginProvider<?> p, ComponentConfig c) {
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
