package dev.attention.stream;

import dev.attention.api.AttentionException;
import dev.attention.api.DType;
import dev.attention.api.spi.StreamForm;
import dev.attention.assembly.pipeline.PipelineFactory;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Causal self-attention decoding with a KV cache: each token gives a query, a key and a value (or
 * their learned projections), its key and value join the cache, and it attends to every cached token
 * including itself. With {@code window W} the cache is a ring of the last W tokens, so memory is
 * bounded by W whatever the stream's length. A token's answer is final when it is given.
 */
final class CausalStream implements StreamSession {
    private final StreamSpec spec;
    private final StreamForm form;
    private final PipelineFactory factory;
    private final int window;
    private final String describe;
    private Components parts;
    private Rows keys;
    private Rows values;
    private int width = -1;
    private StreamAnswer latest;
    private boolean ended;

    CausalStream(StreamSpec spec, PipelineFactory factory, StreamForm form, String describe) {
        this.spec = spec;
        this.factory = factory;
        this.form = form;
        this.window = form.window();
        this.describe = describe;
    }

    @Override
    public String describe() {
        return describe;
    }

    /** A new token is a new query: it reads the whole cache (at most W rows), whatever the pipeline. */
    @Override
    public UpdateCost cost() {
        return UpdateCost.RECOMPUTE;
    }

    @Override
    public int keys() {
        return keys == null ? 0 : keys.size();
    }

    @Override
    public List<StreamAnswer> token(double[] token) {
        if (ended) {
            throw new AttentionException("the stream has ended");
        }
        int t = keys();
        int d = RowChecks.check("token " + t, token, width);
        if (parts == null) {
            parts = Components.assemble(spec, form, factory, Map.of("sequence", d), d, d);
            width = d;
            int dk = parts.projection.keyWidth(width);
            int dv = parts.projection.valueWidth(width);
            keys = window > 0 ? new RingRows(dk, window) : new RowStore(dk);
            values = window > 0 ? new RingRows(dv, window) : new RowStore(dv);
        }
        keys.append(parts.projection.key(token));
        values.append(parts.projection.value(token));
        int from = keys.first();
        Weighting.Attended a = parts.attend(spec.dtype(), parts.scorer.row(parts.projection.query(token)), keys,
                values, from, keys.size());
        latest = new StreamAnswer(t, t, keys.size(), a.output(), true, from, a.weights());
        return List.of(latest);
    }

    @Override
    public List<StreamAnswer> append(double[] key, double[] value) {
        throw refused();
    }

    @Override
    public List<StreamAnswer> query(double[] query) {
        throw refused();
    }

    @Override
    public Optional<KvCache> cache() {
        return keys == null ? Optional.empty()
                : Optional.of(new KvCache(keys.size() - keys.first(), keys.width(), values.width()));
    }

    /** Only the latest token's answer is kept, so memory stays bounded by the window. */
    @Override
    public Optional<StreamAnswer> answer(int query) {
        return latest != null && latest.query() == query ? Optional.of(latest) : Optional.empty();
    }

    @Override
    public List<StreamAnswer> end() {
        ended = true;
        return List.of();
    }

    private AttentionException refused() {
        return new AttentionException("a self-attention stream (" + describe + ") takes tokens: each token is"
                + " its own query, key and value");
    }

    @Override
    public DType dtype() {
        return spec.dtype();
    }
}
