package dev.attention.core;

import dev.attention.api.AttentionInputs;
import dev.attention.api.ConfigException;
import dev.attention.api.DType;
import dev.attention.api.Tensor;
import dev.attention.assembly.config.ConfigLoader;
import dev.attention.assembly.config.InputConfig;
import dev.attention.assembly.config.JobConfig;
import dev.attention.assembly.config.Position;
import dev.attention.io.tensor.MaskArray;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The mask inputs in PyTorch's and Hugging Face's terms, mapped onto the API's masks: lengths
 * ({@code key_lengths}, {@code query_lengths}), the key mask ({@code key_padding_mask}, true =
 * ignore; {@code attention_mask}, 1 = attend) and the score bias ({@code attn_mask}: bool, true =
 * not allowed, is a bias of 0 and −∞; float is added to the scores) and packed sequences
 * ({@code segments}: a sequence id per row; {@code cu_seqlens}: FlashAttention's cumulative
 * lengths), both {@link AttentionInputs#segments()}. Every variant taking keys
 * accepts lengths; the key mask and bias only variants that {@linkplain
 * dev.attention.api.Pipeline#honoursMasks() honour them}. Each problem is one line naming the
 * config, the input key, what was expected and given, and the fix.
 */
final class MaskInputs {
    static final String KEY_LENGTHS = "key_lengths";
    static final String QUERY_LENGTHS = "query_lengths";
    static final String KEY_PADDING_MASK = "key_padding_mask";
    static final String ATTENTION_MASK = "attention_mask";
    static final String ATTN_MASK = "attn_mask";
    static final String SEGMENTS = "segments";
    static final String CU_SEQLENS = "cu_seqlens";
    static final Set<String> NAMES = ConfigLoader.MASK_INPUTS;
    private static final String KEYS = "keys";
    private static final String VALUES = "values";
    private static final String QUERIES = "queries";
    private static final String SEQUENCE = "sequence";

    private MaskInputs() {
    }

    /** True when {@code name} is one of the mask inputs. */
    static boolean isMask(String name) {
        return NAMES.contains(name);
    }

    /**
     * {@code data} with the masks applied: lengths on the keys (and values) or queries (self's
     * {@code sequence} for either), the key mask and the score bias in {@code dtype}.
     *
     * @param masks the read arrays by input name, in config order
     * @param honours whether the pipeline's variant honours a key mask and a score bias
     */
    static AttentionInputs apply(JobConfig c, Map<String, MaskArray> masks, AttentionInputs data, DType dtype,
            boolean honours) {
        if (masks.isEmpty()) {
            return data;
        }
        String keysName = data.has(KEYS) ? KEYS : data.has(SEQUENCE) ? SEQUENCE : null;
        String queriesName = data.has(QUERIES) ? QUERIES : data.has(SEQUENCE) ? SEQUENCE : null;
        AttentionInputs.Builder b = data.toBuilder();
        Map<String, int[]> lengths = new LinkedHashMap<>();
        for (Map.Entry<String, MaskArray> e : masks.entrySet()) {
            String name = e.getKey();
            MaskArray a = e.getValue();
            In in = new In(c, c.inputs().get(name), a);
            if (keysName == null) {
                throw in.fail("variant '" + c.variant().id() + "' takes no keys, so it takes no masks",
                        "remove inputs." + name);
            }
            Tensor keys = data.tensor(keysName);
            Tensor queries = data.tensor(queriesName);
            int batch = keys.batchSize();
            int m = keys.rows();
            int n = queries.rows();
            switch (name) {
                case KEY_LENGTHS -> lengths.put(KEY_LENGTHS, in.lengths(batch, m, keysName, data));
                case QUERY_LENGTHS -> lengths.put(QUERY_LENGTHS, in.lengths(queries.batchSize(), n, queriesName, data));
                case KEY_PADDING_MASK, ATTENTION_MASK -> {
                    in.requireHonoured(honours);
                    boolean[] keep = in.keyMask(batch, m, keys.batchShape(), name.equals(ATTENTION_MASK));
                    boolean[] before = b.build().keyMask().orElse(null);
                    if (before != null) {
                        for (int k = 0; k < keep.length; k++) {
                            keep[k] &= before[k];
                        }
                    }
                    b.keyMask(keep);
                }
                case SEGMENTS, CU_SEQLENS -> {
                    in.requireHonoured(honours);
                    if (masks.containsKey(SEGMENTS) && masks.containsKey(CU_SEQLENS)) {
                        throw in.fail("segments and cu_seqlens both give the packed sequences",
                                "give one of them");
                    }
                    in.requirePacked(keys, keysName, queries, queriesName);
                    b.segments(name.equals(SEGMENTS) ? in.segmentIds(n, queriesName) : in.cumulative(n, queriesName));
                }
                default -> {
                    in.requireHonoured(honours);
                    b.scoreBias(in.bias(batch, n, m, keys.batchShape(), dtype));
                }
            }
        }
        int[] kl = lengths.get(KEY_LENGTHS);
        int[] ql = lengths.get(QUERY_LENGTHS);
        if (kl != null && ql != null && keysName.equals(queriesName) && !Arrays.equals(kl, ql)) {
            throw new In(c, c.inputs().get(QUERY_LENGTHS), masks.get(QUERY_LENGTHS)).fail("query_lengths "
                    + Arrays.toString(ql) + " differ from key_lengths " + Arrays.toString(kl) + ", but the one '"
                    + SEQUENCE + "' gives both", "give one of them, or the same lengths");
        }
        if (kl != null) {
            b.put(keysName, data.tensor(keysName), kl);
            if (data.has(VALUES)) {
                b.put(VALUES, data.tensor(VALUES), kl);
            }
        }
        if (ql != null && !(kl != null && keysName.equals(queriesName))) {
            b.put(queriesName, data.tensor(queriesName), ql);
        }
        return b.build();
    }

    /** What each read mask maps to, for {@code explain}; {@code data} are the inputs after {@link #apply}. */
    static List<MaskInput> describe(JobConfig c, Map<String, MaskArray> masks, AttentionInputs data) {
        String keysName = data.has(KEYS) ? KEYS : data.has(SEQUENCE) ? SEQUENCE : "keys";
        String queriesName = data.has(QUERIES) ? QUERIES : data.has(SEQUENCE) ? SEQUENCE : "queries";
        List<MaskInput> out = new java.util.ArrayList<>();
        masks.forEach((name, a) -> {
            InputConfig ic = c.inputs().get(name);
            String mapsTo = switch (name) {
                case KEY_LENGTHS -> "lengths of '" + keysName + "'" + (data.has(VALUES) ? " and '" + VALUES + "'" : "");
                case QUERY_LENGTHS -> "lengths of '" + queriesName + "'";
                case KEY_PADDING_MASK -> "key mask (true = ignore the key)";
                case ATTENTION_MASK -> "key mask (1 = attend, 0 = ignore the key)";
                case SEGMENTS -> "segments: a sequence id per row of '" + queriesName + "' (packed sequences)";
                case CU_SEQLENS -> "segments: cumulative lengths of the sequences packed in '" + queriesName + "'";
                default -> a.kind() == MaskArray.Kind.BOOL ? "score bias (true = not allowed, -inf)"
                        : "score bias (added to the scores)";
            };
            out.add(new MaskInput(name, ic.file().map(Object::toString).orElse("inline data"), a.dtype(), a.shape(),
                    mapsTo));
        });
        return out;
    }

    /** One mask input being read: its config entry and array, and the messages that name them. */
    private record In(JobConfig c, InputConfig ic, MaskArray a) {

        ConfigException fail(String problem, String fix) {
            Position p = ic.position();
            return new ConfigException(p.file(), p.line(), p.column(), "inputs." + ic.name(), problem, fix);
        }

        String what() {
            return ic.name() + " (" + ic.file().map(Object::toString).orElse("inline") + ")";
        }

        void requireHonoured(boolean honours) {
            if (!honours) {
                throw fail("variant '" + c.variant().id() + "' cannot honour " + ic.name(),
                        "use key_lengths/query_lengths for padding at the end, or a variant that honours masks"
                                + " (README: Masks and padding from tensor files)");
            }
        }

        /** Integers in 0..rows, one per batch element. */
        int[] lengths(int batch, int rows, String target, AttentionInputs data) {
            if (data.lengths(target).isPresent()) {
                throw fail("'" + target + "' already has lengths from its group: column",
                        "give the lengths by group: or by " + ic.name() + ", not both");
            }
            if (a.kind() == MaskArray.Kind.BOOL) {
                throw fail(what() + " is bool (" + a.dtype() + ")", "lengths are integers, one per batch element");
            }
            if (a.size() != batch || a.shape().length > 2 || a.shape().length == 2 && a.shape()[1] != 1) {
                throw fail(what() + " has shape " + a.shapeText() + " but '" + target + "' has " + batch
                        + " batch element" + (batch == 1 ? "" : "s") + ", so [" + batch + "] is expected",
                        "give one length per batch element");
            }
            int[] out = new int[batch];
            for (int k = 0; k < batch; k++) {
                double v = a.values()[k];
                if (v != Math.rint(v) || v < 0 || v > rows) {
                    throw fail(what() + " element " + k + " is " + number(v) + ", outside 0.." + rows + " (the rows of '"
                            + target + "')", "lengths count real rows from the start, at most " + rows);
                }
                out[k] = (int) v;
            }
            return out;
        }

        /** Segments pack unbatched rows: queries and keys {@code [n, d]} with equal row counts. */
        void requirePacked(Tensor keys, String keysName, Tensor queries, String queriesName) {
            for (Tensor t : new Tensor[] {keys, queries}) {
                if (t.rank() != 2) {
                    throw fail("packed sequences are unbatched rows [total_rows, d], but '"
                            + (t == keys ? keysName : queriesName) + "' has shape "
                            + java.util.Arrays.toString(t.shape()), "put the sequences one after the other in one"
                                    + " [total_rows, d] tensor, or pad them as a batch with key_lengths");
                }
            }
            if (keys.rows() != queries.rows()) {
                throw fail("packed sequences split the queries and the keys alike, but '" + queriesName + "' has "
                        + queries.rows() + " rows and '" + keysName + "' " + keys.rows(),
                        "pack queries and keys with the same boundaries");
            }
        }

        /** A sequence id per row, non-decreasing, as cumulative lengths (a new sequence where the id changes). */
        int[] segmentIds(int n, String target) {
            int[] s = a.shape();
            boolean vector = s.length == 1 || s.length == 2 && (s[0] == 1 || s[1] == 1);
            if (a.kind() == MaskArray.Kind.BOOL || !vector || a.size() != n) {
                throw fail(what() + " is " + a.dtype() + " " + a.shapeText() + " but '" + target + "' has " + n
                        + " rows, so integers [" + n + "] are expected", "give one sequence id per row");
            }
            java.util.List<Integer> cu = new java.util.ArrayList<>(List.of(0));
            double[] v = a.values();
            for (int i = 0; i < n; i++) {
                if (v[i] != Math.rint(v[i])) {
                    throw fail(what() + " element " + i + " is " + number(v[i]), "sequence ids are integers");
                }
                if (i > 0 && v[i] < v[i - 1]) {
                    throw fail(what() + " element " + i + " is " + number(v[i]) + " after " + number(v[i - 1])
                            + "; sequence ids must not decrease", "keep each sequence's rows together, sequences in"
                                    + " order of their ids");
                }
                if (i > 0 && v[i] != v[i - 1]) {
                    cu.add(i);
                }
            }
            cu.add(n);
            return cu.stream().mapToInt(Integer::intValue).toArray();
        }

        /** FlashAttention's cu_seqlens: integers 0 = cu[0] ≤ … ≤ cu[S] = n. */
        int[] cumulative(int n, String target) {
            int[] s = a.shape();
            boolean vector = s.length == 1 || s.length == 2 && (s[0] == 1 || s[1] == 1);
            if (a.kind() == MaskArray.Kind.BOOL || !vector || a.size() < 2) {
                throw fail(what() + " is " + a.dtype() + " " + a.shapeText(), "cu_seqlens are integers [S + 1]:"
                        + " 0, then the running total of the sequence lengths");
            }
            double[] v = a.values();
            int[] cu = new int[v.length];
            for (int t = 0; t < v.length; t++) {
                if (v[t] != Math.rint(v[t]) || v[t] < 0 || v[t] > n) {
                    throw fail(what() + " element " + t + " is " + number(v[t]) + ", outside 0.." + n + " (the rows of '"
                            + target + "')", "cumulative lengths count rows from the start, at most " + n);
                }
                cu[t] = (int) v[t];
                if (t == 0 && cu[0] != 0) {
                    throw fail(what() + " starts at " + cu[0], "cu_seqlens start at 0");
                }
                if (t > 0 && cu[t] < cu[t - 1]) {
                    throw fail(what() + " element " + t + " is " + cu[t] + " after " + cu[t - 1]
                            + "; cumulative lengths must not decrease", "give 0, then the running total of the lengths");
                }
            }
            if (cu[cu.length - 1] != n) {
                throw fail(what() + " ends at " + cu[cu.length - 1] + " but '" + target + "' has " + n + " rows",
                        "the last entry is the total number of rows");
            }
            return cu;
        }

        /** keep[b·m + j] from bool or 0/1, [batch…, m]; {@code attend}: 1 means attend (HF), else true means ignore. */
        boolean[] keyMask(int batch, int m, int[] batchShape, boolean attend) {
            int[] expected = Arrays.copyOf(batchShape, batchShape.length + 1);
            expected[batchShape.length] = m;
            int[] s = a.shape();
            boolean fits = a.size() == batch * m && s.length >= 1 && s[s.length - 1] == m
                    && (Arrays.equals(s, expected) || s.length == 2 && s[0] == batch || batch == 1 && s.length == 1);
            if (!fits) {
                throw fail(what() + " has shape " + a.shapeText() + " but the keys need " + Arrays.toString(expected)
                        + " ([batch…, m], one entry per key)", "give one entry per key and batch element");
            }
            requireKind("bool or 0/1");
            boolean[] keep = new boolean[a.size()];
            for (int k = 0; k < keep.length; k++) {
                double v = a.values()[k];
                if (v != 0 && v != 1) {
                    throw fail(what() + " element " + k + " (row-major) is " + number(v) + "; a key mask is bool or 0/1",
                            attend ? "1 = attend, 0 = ignore" : "true = ignore (padding), false = attend");
                }
                keep[k] = attend ? v == 1 : v == 0;
            }
            return keep;
        }

        /**
         * The bias [lead…, n, m]: bool true = −∞; float added, −∞ allowed. {@code lead} is empty, the
         * keys' batch shape, or a multiple of the batch (per head, for variants with heads, which
         * check the head count themselves).
         */
        Tensor bias(int batch, int n, int m, int[] batchShape, DType dtype) {
            int[] s = a.shape();
            int lead = s.length < 2 ? -1 : a.size() / Math.max(1, n * m);
            boolean fits = s.length >= 2 && s[s.length - 2] == n && s[s.length - 1] == m
                    && (lead == 1 || lead > 0 && lead % batch == 0);
            if (!fits) {
                throw fail(what() + " has shape " + a.shapeText() + " but the scores need [n, m] = [" + n + ", " + m
                        + "] or [batch…, n, m] = " + withRows(batchShape, n, m)
                        + " (with heads also [batch·heads, n, m])", "n are the queries' rows, m the keys'");
            }
            if (a.kind() == MaskArray.Kind.INTEGER) {
                throw fail(what() + " is integer (" + a.dtype() + ")",
                        "give bool (true = not allowed) or float (added to the scores, -inf hides)");
            }
            double[] v = a.values().clone();
            for (int k = 0; k < v.length; k++) {
                if (a.kind() == MaskArray.Kind.BOOL) {
                    v[k] = v[k] != 0 ? Double.NEGATIVE_INFINITY : 0;
                } else if (Double.isNaN(v[k]) || v[k] == Double.POSITIVE_INFINITY) {
                    throw fail(what() + " element " + k + " (row-major) is " + number(v[k]),
                            "a float attn_mask is added to the scores: finite values, or -inf to hide a position");
                } else if (dtype == DType.FLOAT32 && Double.isFinite(v[k]) && Math.abs(v[k]) > Float.MAX_VALUE) {
                    throw fail(what() + " element " + k + " is " + v[k] + ", beyond float32's range",
                            "use -inf to hide a position, or dtype: float64");
                }
            }
            int[] shape = s.length == 2 ? s : new int[] {lead, n, m};
            return Tensor.of(dtype, shape, v);
        }

        private void requireKind(String expected) {
            if (a.kind() == MaskArray.Kind.FLOAT) {
                for (double v : a.values()) {
                    if (Double.isNaN(v)) {
                        throw fail(what() + " holds NaN", "a key mask is " + expected);
                    }
                }
            }
        }

        private static String withRows(int[] batchShape, int n, int m) {
            int[] s = Arrays.copyOf(batchShape, batchShape.length + 2);
            s[batchShape.length] = n;
            s[batchShape.length + 1] = m;
            return Arrays.toString(s);
        }

        private static String number(double v) {
            return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
        }
    }

    /** The mask inputs of {@code c}, in config order. */
    static List<InputConfig> of(JobConfig c) {
        return c.inputs().values().stream().filter(ic -> isMask(ic.name())).toList();
    }
}
