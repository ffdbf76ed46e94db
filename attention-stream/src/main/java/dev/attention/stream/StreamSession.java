package dev.attention.stream;

import static org.apiguardian.api.API.Status.MAINTAINED;

import dev.attention.api.AttentionException;
import dev.attention.api.DType;
import dev.attention.api.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * Online attention: keys and values arrive one at a time (or in chunks), queries are answered at any
 * moment over what has arrived. Opened by {@code AttentionEngine.stream(...)}; which events a session
 * takes depends on its variant:
 * <ul>
 *   <li>{@code global} / {@code cross}: {@link #append} keys and values, {@link #query} registers a
 *       standing query and answers it at once; {@link #answer} reads it again later; {@link #end} gives
 *       every standing query's final answer.</li>
 *   <li>{@code self} (causal, optionally windowed) and {@code multi-head} (causal, {@code inputs: self}):
 *       {@link #token} appends one token to the KV cache and answers it over every earlier token and
 *       itself; {@link #cache()} says what the cache holds.</li>
 *   <li>{@code monotonic} / {@code mocha}: {@link #query} queues a query, {@link #append} moves the scan
 *       forward; each call returns the answers that became ready; {@link #end} answers queries no key
 *       fired for with zeros.</li>
 * </ul>
 * An event a session does not take is an {@link AttentionException} saying which it takes. After
 * {@link #end()} every event is refused. Sessions are mutable and not thread-safe: one per stream.
 */
@API(status = MAINTAINED)
public interface StreamSession {

    /** The pipeline (variant / alignment / distribution) and its update cost, for logs and users. */
    String describe();

    /** What one appended key costs a standing query. */
    UpdateCost cost();

    /** Keys (or tokens) appended so far. */
    int keys();

    /**
     * Appends one key and its value.
     *
     * @return answers that became ready (monotonic streams); empty for global streams
     */
    List<StreamAnswer> append(double[] key, double[] value);

    /** Appends the rows of {@code keys [m, d_k]} and {@code values [m, d_v]} in order. */
    default List<StreamAnswer> append(Tensor keys, Tensor values) {
        if (keys.batchSize() != 1 || values.batchSize() != 1 || keys.rows() != values.rows()) {
            throw new AttentionException("a chunk needs keys [m, d_k] and values [m, d_v] with equal m, got "
                    + java.util.Arrays.toString(keys.shape()) + " and " + java.util.Arrays.toString(values.shape()));
        }
        List<StreamAnswer> out = new ArrayList<>();
        double[] k = new double[keys.cols()];
        double[] v = new double[values.cols()];
        for (int r = 0; r < keys.rows(); r++) {
            keys.copyRow(0, r, k);
            values.copyRow(0, r, v);
            out.addAll(append(k, v));
        }
        return out;
    }

    /** Adds a query; returns the answers that are ready now. */
    List<StreamAnswer> query(double[] query);

    /** Appends one token of a self-attention stream and returns its answer. */
    default List<StreamAnswer> token(double[] token) {
        throw new AttentionException("this stream (" + describe() + ") takes keys, values and queries;"
                + " tokens are for causal self-attention streams");
    }

    /** What the key-value cache of a decoding stream holds now; empty for streams without one. */
    default Optional<KvCache> cache() {
        return Optional.empty();
    }

    /** The current (or final) answer of query {@code query}, if it has one. */
    Optional<StreamAnswer> answer(int query);

    /** The dtype the stream computes in (its weights print as that dtype's numbers). */
    default DType dtype() {
        return DType.FLOAT64;
    }

    /**
     * {@code answer} with its weights: as given when it carries them; a global stream with an online
     * softmax (which keeps sums, not weights) scores the kept keys again for it. Unchanged when the
     * keys are not kept or the stream never has weights (a multi-head decoder).
     */
    default StreamAnswer weighed(StreamAnswer answer) {
        return answer;
    }

    /** Ends the stream and returns the answers that ending settles. */
    List<StreamAnswer> end();
}
