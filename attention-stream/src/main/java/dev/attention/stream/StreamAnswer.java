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
 */
@API(status = MAINTAINED)
public record StreamAnswer(int query, int position, int keys, double[] output, boolean last) {
    public StreamAnswer {
        output = output.clone();
    }

    @Override
    public double[] output() {
        return output.clone();
    }
}
