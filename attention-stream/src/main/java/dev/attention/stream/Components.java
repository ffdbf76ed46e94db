package dev.attention.stream;

import dev.attention.api.Alignment;
import dev.attention.api.DType;
import dev.attention.api.Distribution;
import dev.attention.api.Parameters;
import dev.attention.api.Pipeline;
import dev.attention.api.Tensor;
import dev.attention.api.spi.StreamForm;
import dev.attention.assembly.pipeline.PipelineFactory;
import java.util.Map;

/**
 * A stream's alignment, distribution and projections, assembled once the widths have arrived (they
 * size learnable parameters, decision 12). The batch pipeline of the same choices and widths is built
 * first and its parameter values (or the caller's, e.g. a fitted pipeline's) are used, so a stream
 * computes with exactly the numbers a batch run would.
 */
final class Components {
    final Alignment alignment;
    final Distribution distribution;
    final Projection projection;
    final Scorer scorer;

    private Components(Alignment alignment, Distribution distribution, Projection projection, Scorer scorer) {
        this.alignment = alignment;
        this.distribution = distribution;
        this.projection = projection;
        this.scorer = scorer;
    }

    /** For a stream fed queries, keys and values (global, cross, monotonic, MoChA): the widths as given. */
    static Components assemble(StreamSpec spec, StreamForm form, PipelineFactory factory, int queryWidth, int keyWidth,
            int valueWidth) {
        return assemble(spec, form, factory, Map.of("queries", queryWidth, "keys", keyWidth, "values", valueWidth),
                queryWidth, keyWidth);
    }

    /**
     * @param inputWidths the batch variant's input widths ({@code queries}/{@code keys}/{@code values}
     *     or {@code sequence})
     * @param queryWidth  d_q of the raw query rows
     * @param keyWidth    d_k of the raw key rows
     */
    static Components assemble(StreamSpec spec, StreamForm form, PipelineFactory factory, Map<String, Integer> inputWidths,
            int queryWidth, int keyWidth) {
        Pipeline batch = factory.create(spec.name(), spec.dtype(), spec.seed(), spec.variant(), spec.alignment(),
                spec.distribution(), inputWidths);
        if (!spec.parameters().isEmpty()) {
            batch = batch.withParameters(spec.parameters());
        }
        Parameters all = batch.parameters();
        Projection projection = Projection.of(all, form);
        Alignment a = factory.alignment(spec.alignment(), spec.dtype(), spec.seed(), Map.of(
                "queries", projection.queryWidth(queryWidth), "keys", projection.keyWidth(keyWidth)));
        Parameters ap = all.withoutPrefix("alignment");
        if (!ap.isEmpty()) {
            a = a.withParameters(ap);
        }
        Distribution f = factory.distribution(spec.distribution(), spec.dtype(), spec.seed());
        Parameters fp = all.withoutPrefix("distribution");
        if (!fp.isEmpty()) {
            f = f.withParameters(fp);
        }
        Scorer scorer = new Scorer(a, spec.dtype());
        // Score zero rows once: widths the alignment cannot pair fail here, before the stream changes state.
        scorer.score(scorer.row(new double[projection.queryWidth(queryWidth)]),
                new double[projection.keyWidth(keyWidth)]);
        return new Components(a, f, projection, scorer);
    }

    /**
     * The answer of {@code query} (a {@link Scorer#row}) over the stored rows {@code from .. to − 1}:
     * one alignment call on the keys as a block, then the distribution over those scores.
     */
    Weighting.Attended attend(DType dtype, Tensor query, Rows keys, Rows values, int from, int to) {
        double[] scores = scorer.scores(query, keys.matrix(dtype, from, to));
        return Weighting.attend(distribution, dtype, scores, values, from);
    }
}
