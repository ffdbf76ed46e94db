package dev.attention.stream;

import dev.attention.api.AttentionException;
import dev.attention.api.DType;
import dev.attention.api.Tensor;
import dev.attention.api.spi.StreamForm;
import dev.attention.assembly.pipeline.PipelineFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Standing queries over a growing key stream ({@code global}, and {@code cross} without causal mask):
 * each query, once asked, is kept up to date as keys arrive, at the {@link UpdateCost} the stream
 * opened with. Keys are kept (unless {@code keepKeys} is off) so a query asked late still sees every
 * key; with them off, a query sees the keys appended after it.
 */
final class GlobalStream implements StreamSession {
    private final StreamSpec spec;
    private final StreamForm form;
    private final PipelineFactory factory;
    private final UpdateCost cost;
    private final double temperature;
    private final String describe;
    private final List<Standing> queries = new ArrayList<>();
    private Components parts;
    /** Rows as given, until the components (and so the projected widths) are known. */
    private RowStore rawKeys;
    private RowStore rawValues;
    /** Rows as the alignment sees them (projected), once the components exist. */
    private RowStore keys;
    private RowStore values;
    private int count;
    private int queryWidth = -1;
    private int keyWidth = -1;
    private int valueWidth = -1;
    private boolean ended;

    /** One standing query: its projected row and its state at the stream's update cost. */
    private static final class Standing {
        final double[] raw;
        final int since;
        Tensor query;
        OnlineSoftmax online;
        double[] scores = new double[16];
        int scored;

        Standing(double[] raw, int since) {
            this.raw = raw;
            this.since = since;
        }

        void addScore(double s) {
            if (scored == scores.length) {
                scores = java.util.Arrays.copyOf(scores, scored * 2);
            }
            scores[scored++] = s;
        }
    }

    GlobalStream(StreamSpec spec, PipelineFactory factory, StreamForm form, UpdateCost cost, double temperature,
            String describe) {
        this.spec = spec;
        this.form = form;
        this.factory = factory;
        this.cost = cost;
        this.temperature = temperature;
        this.describe = describe;
    }

    @Override
    public String describe() {
        return describe;
    }

    @Override
    public UpdateCost cost() {
        return cost;
    }

    @Override
    public int keys() {
        return count;
    }

    @Override
    public List<StreamAnswer> append(double[] key, double[] value) {
        open();
        int dk = RowChecks.check("key " + count, key, keyWidth);
        int dv = RowChecks.check("value " + count, value, valueWidth);
        boolean assembling = parts == null && queryWidth >= 0;
        // Assemble before changing any state, so a refused first key leaves the stream as it was.
        Components built = assembling ? assemble(queryWidth, dk, dv) : parts;
        keyWidth = dk;
        valueWidth = dv;
        if (built == null) {
            if (spec.keepKeys()) {
                if (rawKeys == null) {
                    rawKeys = new RowStore(dk);
                    rawValues = new RowStore(dv);
                }
                rawKeys.append(key);
                rawValues.append(value);
            }
            count++;
            return List.of();
        }
        if (assembling) {
            adopt(built);
        }
        add(parts.projection.key(key), parts.projection.value(value));
        return List.of();
    }

    @Override
    public List<StreamAnswer> query(double[] query) {
        open();
        int dq = RowChecks.check("query " + queries.size(), query, queryWidth);
        boolean assembling = parts == null && keyWidth >= 0;
        Components built = assembling ? assemble(dq, keyWidth, valueWidth) : parts;
        queryWidth = dq;
        Standing s = new Standing(query.clone(), spec.keepKeys() ? 0 : count);
        queries.add(s);
        if (assembling) {
            adopt(built);
        } else if (parts != null) {
            prepare(s);
        }
        return List.of(answerOf(queries.size() - 1, false));
    }

    @Override
    public Optional<StreamAnswer> answer(int query) {
        if (query < 0 || query >= queries.size()) {
            return Optional.empty();
        }
        return Optional.of(answerOf(query, ended));
    }

    @Override
    public List<StreamAnswer> end() {
        open();
        ended = true;
        List<StreamAnswer> out = new ArrayList<>();
        for (int i = 0; i < queries.size(); i++) {
            out.add(answerOf(i, true));
        }
        return out;
    }

    private void open() {
        if (ended) {
            throw new AttentionException("the stream has ended");
        }
    }

    private Components assemble(int dq, int dk, int dv) {
        return Components.assemble(spec, form, factory, dq, dk, dv);
    }

    /** Takes the components built from the first widths, moves the early rows in, catches queries up. */
    private void adopt(Components built) {
        parts = built;
        keys = new RowStore(parts.projection.keyWidth(keyWidth));
        values = new RowStore(parts.projection.valueWidth(valueWidth));
        if (rawKeys != null) {
            double[] k = new double[keyWidth];
            double[] v = new double[valueWidth];
            for (int j = 0; j < rawKeys.size(); j++) {
                rawKeys.copy(j, k);
                rawValues.copy(j, v);
                keys.append(parts.projection.key(k));
                values.append(parts.projection.value(v));
            }
            rawKeys = null;
            rawValues = null;
        }
        for (Standing s : queries) {
            prepare(s);
        }
    }

    /** Scores the kept keys a new query has not seen (all of them, or none when keys are not kept). */
    private void prepare(Standing s) {
        s.query = parts.scorer.row(parts.projection.query(s.raw));
        if (cost == UpdateCost.ONLINE) {
            s.online = new OnlineSoftmax(temperature, values.width());
        }
        if (cost == UpdateCost.RECOMPUTE) {
            return;
        }
        double[] k = new double[keys.width()];
        double[] v = new double[values.width()];
        for (int j = Math.max(s.since, keys.first()); j < keys.size(); j++) {
            keys.copy(j, k);
            values.copy(j, v);
            update(s, k, v);
        }
    }

    private void add(double[] key, double[] value) {
        if (spec.keepKeys()) {
            keys.append(key);
            values.append(value);
        }
        count++;
        if (cost == UpdateCost.RECOMPUTE) {
            return;
        }
        for (Standing s : queries) {
            update(s, key, value);
        }
    }

    private void update(Standing s, double[] key, double[] value) {
        double score = parts.scorer.score(s.query, key);
        if (cost == UpdateCost.ONLINE) {
            s.online.add(score, value);
        } else {
            s.addScore(score);
        }
    }

    private StreamAnswer answerOf(int i, boolean last) {
        Standing s = queries.get(i);
        int seen = count - s.since;
        if (parts == null || seen == 0) {
            return new StreamAnswer(i, -1, 0, new double[Math.max(valueWidth, 0)], last);
        }
        if (cost == UpdateCost.ONLINE) {
            return new StreamAnswer(i, -1, seen, s.online.output(), last);
        }
        Weighting.Attended a = cost == UpdateCost.SCORES
                ? Weighting.attend(parts.distribution, spec.dtype(), java.util.Arrays.copyOf(s.scores, s.scored),
                        values, s.since)
                : parts.attend(spec.dtype(), s.query, keys, values, 0, keys.size());
        return new StreamAnswer(i, -1, seen, a.output(), last, cost == UpdateCost.SCORES ? s.since : 0, a.weights());
    }

    /** An online softmax keeps sums, not weights: they are scored again from the kept keys, once, on request. */
    @Override
    public StreamAnswer weighed(StreamAnswer a) {
        if (a.weights().length > 0 || a.keys() == 0 || parts == null || !spec.keepKeys()
                || a.query() < 0 || a.query() >= queries.size()) {
            return a;
        }
        Standing s = queries.get(a.query());
        Weighting.Attended w = parts.attend(spec.dtype(), s.query, keys, values, s.since, s.since + a.keys());
        return new StreamAnswer(a.query(), a.position(), a.keys(), a.output(), a.last(), s.since, w.weights());
    }

    @Override
    public DType dtype() {
        return spec.dtype();
    }
}
