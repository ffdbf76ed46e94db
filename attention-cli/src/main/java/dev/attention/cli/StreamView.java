package dev.attention.cli;

import dev.attention.api.DType;
import dev.attention.render.AttentionView;
import dev.attention.render.ViewPanel;
import dev.attention.stream.KvCache;
import dev.attention.stream.StreamAnswer;
import dev.attention.stream.StreamSession;
import dev.attention.stream.UpdateCost;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code stream --view}: a session that passes every event on and keeps the weights of the final
 * answers (each query's answer at the end, each token's answer), for the page drawn when the stream
 * ends. Memory is bounded: at most {@link #MAX_ANSWERS} answers and {@link #MAX_CELLS} weights are
 * kept; the page says how many it shows of how many.
 */
final class StreamView implements StreamSession {
    /** As many queries as a summarised panel lists. */
    static final int MAX_ANSWERS = 2_000;
    /** About 8 MB of weights (and their text while the page is written). */
    static final int MAX_CELLS = 1_000_000;

    private final StreamSession session;
    private final TreeMap<Integer, StreamAnswer> kept = new TreeMap<>();
    private int columns;
    private int finals;
    private int withoutWeights;

    StreamView(StreamSession session) {
        this.session = session;
    }

    /** The page of the kept answers: one panel, queries (or tokens) down, keys across. */
    AttentionView page() {
        AttentionView.Builder b = AttentionView.builder("stream — " + session.describe())
                .subtitle(finals + " final answers over " + session.keys() + " keys (or tokens)");
        if (finals > kept.size() + withoutWeights) {
            b.note("the page shows the weights of the first " + kept.size() + " of " + finals
                    + " final answers: stream --view keeps at most " + MAX_ANSWERS + " answers and " + MAX_CELLS
                    + " weights");
        }
        if (withoutWeights > 0) {
            b.note(withoutWeights + " answers carry no weights (a multi-head decoder, or keys not kept)");
        }
        if (kept.isEmpty()) {
            return b.note("no weights to show: the stream gave no final answer with weights").build();
        }
        DType dtype = session.dtype();
        String zero = ViewPanel.printed(0, dtype);
        String[][] cells = new String[kept.size()][columns];
        List<String> rows = new ArrayList<>();
        int i = 0;
        for (StreamAnswer a : kept.values()) {
            java.util.Arrays.fill(cells[i], zero);
            double[] w = a.weights();
            for (int j = 0; j < w.length; j++) {
                cells[i][a.from() + j] = ViewPanel.printed(w[j], dtype);
            }
            rows.add(Integer.toString(a.query()));
            i++;
        }
        List<String> keys = new ArrayList<>();
        for (int j = 0; j < columns; j++) {
            keys.add(Integer.toString(j));
        }
        return b.panel(new ViewPanel("final weights", cells, rows, keys, null, null)).build();
    }

    private List<StreamAnswer> keep(List<StreamAnswer> answers) {
        for (StreamAnswer a : answers) {
            if (!a.last()) {
                continue;
            }
            finals++;
            if (kept.size() >= MAX_ANSWERS) {
                continue;
            }
            StreamAnswer w = session.weighed(a);
            if (w.weights().length == 0) {
                if (a.keys() > 0) {
                    withoutWeights++;
                }
                continue;
            }
            int width = Math.max(columns, w.from() + w.weights().length);
            if ((long) (kept.size() + 1) * width > MAX_CELLS) {
                continue;
            }
            columns = width;
            kept.put(w.query(), w);
        }
        return answers;
    }

    @Override
    public String describe() {
        return session.describe();
    }

    @Override
    public UpdateCost cost() {
        return session.cost();
    }

    @Override
    public int keys() {
        return session.keys();
    }

    @Override
    public DType dtype() {
        return session.dtype();
    }

    @Override
    public List<StreamAnswer> append(double[] key, double[] value) {
        return keep(session.append(key, value));
    }

    @Override
    public List<StreamAnswer> query(double[] query) {
        return keep(session.query(query));
    }

    @Override
    public List<StreamAnswer> token(double[] token) {
        return keep(session.token(token));
    }

    @Override
    public Optional<KvCache> cache() {
        return session.cache();
    }

    @Override
    public Optional<StreamAnswer> answer(int query) {
        return session.answer(query);
    }

    @Override
    public StreamAnswer weighed(StreamAnswer answer) {
        return session.weighed(answer);
    }

    @Override
    public List<StreamAnswer> end() {
        return keep(session.end());
    }
}
