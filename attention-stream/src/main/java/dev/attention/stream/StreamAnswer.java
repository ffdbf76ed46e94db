package dev.attention.stream;

import static org.apiguardian.api.API.Status.MAINTAINED;

import org.apiguardian.api.API;

/**
 * One answer of a {@link StreamSession}: the attention output for query {@code query} (queries and
 * tokens are numbered from 0 in arrival order), computed over the first {@code keys} keys.
 *
 * @param query    the query's (or token's) number
 * @param position the key it attends to for monotonic streams (the end of the chunk for MoChA), the
 *                 token's own position for self-attention, −1 when there is none (global attention, or
 *                 a monotonic query for which no key fired)
 * @param keys     how many keys had arrived when this answer was computed
 * @param output   the output row (length d_v); zeros when no key is attended
 * @param last     true when the answer can no longer change: every monotonic and self-attention answer,
 *                 and the answers {@link StreamSession#end()} gives for standing queries
 * @param from     the first key {@code weights} covers
 * @param weights  the weights of keys {@code from, from + 1, …} this answer used (the rest are 0); empty
 *                 when the stream did not keep them (an online softmax keeps sums, not weights: see
 *                 {@link StreamSession#weighed}) or no key was attended
 */
@API(status = MAINTAINED)
public record StreamAnswer(int query, int position, int keys, double[] output, boolean last, int from,
        double[] weights) {
    public StreamAnswer {
        output = output.clone();
        weights = weights.clone();
    }

    /** An answer without weights. */
    public StreamAnswer(int query, int position, int keys, double[] output, boolean last) {
        this(query, position, keys, output, last, 0, new double[0]);
    }

    @Override
    public double[] output() {
        return output.clone();
    }

    @Override
    public double[] weights() {
        return weights.clone();
    }
}
