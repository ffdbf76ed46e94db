package dev.attention.stream;

import dev.attention.api.AttentionException;
import dev.attention.api.DType;
import dev.attention.api.Pipeline;
import dev.attention.api.Tensor;
import dev.attention.api.TokenDecoder;
import dev.attention.api.spi.StreamForm;
import dev.attention.assembly.pipeline.PipelineFactory;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decoding with a variant's own {@link TokenDecoder} ({@link StreamForm.Kind#DECODER}): the engine
 * builds the batch pipeline once the token width is known, with the same parameters a batch run
 * uses (or the caller's), and hands each token to the decoder, which keeps its own KV cache. The
 * engine stays ignorant of what the variant computes (heads, rotary positions, biases).
 */
final class DecoderStream implements StreamSession {
    private final StreamSpec spec;
    private final StreamForm form;
    private final PipelineFactory factory;
    private final String describe;
    private TokenDecoder decoder;
    private int width = -1;
    private int tokens;
    private StreamAnswer latest;
    private boolean ended;

    DecoderStream(StreamSpec spec, PipelineFactory factory, StreamForm form, String describe) {
        this.spec = spec;
        this.factory = factory;
        this.form = form;
        this.describe = describe;
    }

    @Override
    public String describe() {
        return describe;
    }

    /** Each token is a new query over the whole cache. */
    @Override
    public UpdateCost cost() {
        return UpdateCost.RECOMPUTE;
    }

    @Override
    public int keys() {
        return tokens;
    }

    @Override
    public List<StreamAnswer> token(double[] token) {
        if (ended) {
            throw new AttentionException("the stream has ended");
        }
        int d = RowChecks.check("token " + tokens, token, width);
        if (decoder == null) {
            decoder = open(d);
            width = d;
        }
        Tensor y = decoder.step(Tensor.of(spec.dtype(), new int[] {1, d}, token));
        latest = new StreamAnswer(tokens, tokens, tokens + 1, y.toDoubleArray(), true);
        tokens++;
        return List.of(latest);
    }

    /** The batch pipeline for tokens of width {@code d}, with the spec's parameters, and its decoder. */
    private TokenDecoder open(int d) {
        String input = form.input().orElseThrow();
        Pipeline batch = factory.create(spec.name(), spec.dtype(), spec.seed(), spec.variant(), spec.alignment(),
                spec.distribution(), Map.of(input, d));
        if (!spec.parameters().isEmpty()) {
            batch = batch.withParameters(spec.parameters());
        }
        return batch.decoder().orElseThrow(() -> new AttentionException("variant '" + spec.variant().id()
                + "' declares a decoder stream form but gave no decoder; this is a fault of the plugin, report it"
                + " to its author"));
    }

    @Override
    public Optional<KvCache> cache() {
        return decoder == null ? Optional.empty()
                : Optional.of(new KvCache(decoder.cachedTokens(), decoder.keyWidth(), decoder.valueWidth()));
    }

    @Override
    public List<StreamAnswer> append(double[] key, double[] value) {
        throw refused();
    }

    @Override
    public List<StreamAnswer> query(double[] query) {
        throw refused();
    }

    /** Only the latest token's answer is kept, so memory stays the cache's. */
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
        return new AttentionException("a decoding stream (" + describe + ") takes tokens: each token is its own"
                + " query, key and value");
    }

    @Override
    public DType dtype() {
        return spec.dtype();
    }
}
