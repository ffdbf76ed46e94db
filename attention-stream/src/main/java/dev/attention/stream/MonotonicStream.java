package dev.attention.stream;

import dev.attention.api.AttentionException;
import dev.attention.api.DType;
import dev.attention.api.Tensor;
import dev.attention.api.spi.StreamForm;
import dev.attention.assembly.pipeline.PipelineFactory;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Monotonic attention for simultaneous use (Raffel et al. 2017, test-time hard decoding; MoChA, Chiu
 * and Raffel 2018). Queries are answered in order: the oldest unanswered query scans keys forward from
 * the previous answer's position (inclusive) and stops at the first key whose energy
 * {@code a(K_j, Q_i) + offset ≥ 0}, i.e. {@code sigmoid(energy) ≥ 0.5}. That query is answered at once
 * with {@code V_j} (hard) or with soft attention over the chunk of {@code w} keys ending at j (MoChA).
 * Positions never move backwards. Keys before the chunk of the scan position are released, so memory
 * follows the distance between the scan and the newest key, not the stream's length. At the end,
 * queries no key fired for get a zero context and position −1.
 */
final class MonotonicStream implements StreamSession {
    private final StreamSpec spec;
    private final StreamForm form;
    private final PipelineFactory factory;
    private final int chunk;
    private final double offset;
    private final String describe;
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private final Map<Integer, StreamAnswer> answered = new HashMap<>();
    private Components parts;
    private RowStore keys;
    private RowStore values;
    private int position;
    private int asked;
    private int queryWidth = -1;
    private int keyWidth = -1;
    private int valueWidth = -1;
    private boolean ended;

    private record Pending(int number, double[] raw) {
    }

    /** @param chunk 1 for hard monotonic attention, the MoChA chunk w otherwise */
    MonotonicStream(StreamSpec spec, PipelineFactory factory, StreamForm form, String describe) {
        this.spec = spec;
        this.factory = factory;
        this.form = form;
        this.chunk = form.chunk();
        this.offset = form.offset();
        this.describe = describe;
    }

    @Override
    public String describe() {
        return describe;
    }

    @Override
    public UpdateCost cost() {
        return UpdateCost.ONLINE;
    }

    @Override
    public int keys() {
        return keys == null ? 0 : keys.size();
    }

    @Override
    public List<StreamAnswer> append(double[] key, double[] value) {
        open();
        int dk = RowChecks.check("key " + keys(), key, keyWidth);
        int dv = RowChecks.check("value " + keys(), value, valueWidth);
        assembleFor(queryWidth, dk, dv);
        keyWidth = dk;
        valueWidth = dv;
        if (keys == null) {
            keys = new RowStore(keyWidth);
            values = new RowStore(valueWidth);
        }
        keys.append(key);
        values.append(value);
        return advance();
    }

    @Override
    public List<StreamAnswer> query(double[] query) {
        open();
        int dq = RowChecks.check("query " + asked, query, queryWidth);
        assembleFor(dq, keyWidth, valueWidth);
        queryWidth = dq;
        pending.add(new Pending(asked++, query.clone()));
        return advance();
    }

    @Override
    public Optional<StreamAnswer> answer(int query) {
        return Optional.ofNullable(answered.get(query));
    }

    @Override
    public List<StreamAnswer> end() {
        open();
        ended = true;
        List<StreamAnswer> out = new ArrayList<>();
        for (Pending p : pending) {
            out.add(settle(new StreamAnswer(p.number(), -1, keys(), new double[Math.max(valueWidth, 0)], true)));
        }
        pending.clear();
        return out;
    }

    private void open() {
        if (ended) {
            throw new AttentionException("the stream has ended");
        }
    }

    /** Builds the components once both widths are known, before any state changes (a refused row leaves none). */
    private void assembleFor(int dq, int dk, int dv) {
        if (parts == null && dq >= 0 && dk >= 0) {
            parts = Components.assemble(spec, form, factory, dq, dk, dv);
        }
    }

    /** Scans forward for the oldest waiting query; each key is scored once per query that passes it. */
    private List<StreamAnswer> advance() {
        if (pending.isEmpty() || keys == null) {
            return List.of();
        }
        List<StreamAnswer> out = new ArrayList<>();
        double[] k = new double[keyWidth];
        Tensor q = null;
        while (!pending.isEmpty() && position < keys.size()) {
            Pending head = pending.peek();
            if (q == null) {
                q = parts.scorer.row(head.raw());
            }
            keys.copy(position, k);
            if (parts.scorer.score(q, k) + offset >= 0) {
                out.add(settle(fire(head, q)));
                pending.poll();
                q = null;
            } else {
                position++;
            }
        }
        // The next query starts here, inclusive; MoChA also reads the w − 1 keys before it.
        int keep = Math.max(0, position - chunk + 1);
        keys.releaseBefore(keep);
        values.releaseBefore(keep);
        return out;
    }

    private StreamAnswer fire(Pending p, Tensor q) {
        double[] out = new double[valueWidth];
        if (chunk == 1) {
            values.copy(position, out);
            return new StreamAnswer(p.number(), position, keys.size(), out, true, position, new double[] {1});
        }
        int from = Math.max(0, position - chunk + 1);
        Weighting.Attended a = parts.attend(spec.dtype(), q, keys, values, from, position + 1);
        return new StreamAnswer(p.number(), position, keys.size(), a.output(), true, from, a.weights());
    }

    private StreamAnswer settle(StreamAnswer a) {
        answered.put(a.query(), a);
        return a;
    }

    @Override
    public DType dtype() {
        return spec.dtype();
    }
}
