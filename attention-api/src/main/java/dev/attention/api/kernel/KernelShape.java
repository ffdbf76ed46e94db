package dev.attention.api.kernel;

import dev.attention.api.DType;
import dev.attention.api.ShapeException;
import dev.attention.api.Tensor;
import java.util.Arrays;

/**
 * The geometry of one {@link AttentionKernel#attend} call, checked once: batch rows, heads,
 * lengths, widths, where each head's rows live in the flat row-major storage of the operands
 * ({@link HeadLayout}), and which keys each query row sees. Every kernel reads its operands
 * through these offsets, so all implementations agree on layouts. Immutable.
 */
public final class KernelShape {
    private final KernelSpec spec;
    private final int[] batchShape;
    private final int batch;
    private final int queryHeads;
    private final int kvHeads;
    private final int n;
    private final int m;
    private final int d;
    private final int dv;
    private final int[] queryLengths;
    private final int[] keyLengths;
    private final boolean[] keyMask;
    private final int[] cuQ;
    private final int[] cuK;
    private final int[] segmentOf;
    private final int biasKind;
    private final DType dtype;

    private KernelShape(KernelSpec spec, Tensor q, Tensor k, Tensor v) {
        this.spec = spec;
        this.dtype = q.dtype();
        this.queryHeads = spec.queryHeads();
        this.kvHeads = spec.kvHeads();
        boolean first = spec.layout() == HeadLayout.HEADS_FIRST;
        int lead = first ? 3 : 2;
        for (Tensor t : new Tensor[] {q, k, v}) {
            if (t.rank() < lead) {
                throw new ShapeException("heads-first operands need rank ≥ 3 ([batch…, heads, rows, d]), got "
                        + shapes(q, k, v));
            }
        }
        int[] qs = q.shape();
        int[] ks = k.shape();
        int[] vs = v.shape();
        this.batchShape = Arrays.copyOf(qs, qs.length - lead);
        if (!Arrays.equals(batchShape, Arrays.copyOf(ks, ks.length - lead))
                || !Arrays.equals(batchShape, Arrays.copyOf(vs, vs.length - lead))) {
            throw new ShapeException("queries, keys and values need equal batch dimensions: " + shapes(q, k, v));
        }
        int b = 1;
        for (int x : batchShape) {
            b *= x;
        }
        this.batch = b;
        this.n = qs[qs.length - 2];
        this.m = ks[ks.length - 2];
        if (vs[vs.length - 2] != m) {
            throw new ShapeException("keys and values need the same number of rows (one value per key): "
                    + shapes(q, k, v));
        }
        if (first) {
            if (qs[qs.length - 3] != queryHeads || ks[ks.length - 3] != kvHeads || vs[vs.length - 3] != kvHeads) {
                throw new ShapeException("expected " + queryHeads + " query heads and " + kvHeads
                        + " key/value heads on the head axis: " + shapes(q, k, v));
            }
            this.d = q.cols();
            this.dv = v.cols();
            if (k.cols() != d) {
                throw new ShapeException("the dot product needs queries and keys of equal width: " + shapes(q, k, v));
            }
        } else {
            if (q.cols() % queryHeads != 0 || k.cols() % kvHeads != 0 || v.cols() % kvHeads != 0) {
                throw new ShapeException("widths must split evenly into " + queryHeads + " query and " + kvHeads
                        + " key/value heads: " + shapes(q, k, v));
            }
            this.d = q.cols() / queryHeads;
            this.dv = v.cols() / kvHeads;
            if (k.cols() / kvHeads != d) {
                throw new ShapeException("the dot product needs queries and keys of equal head width: "
                        + shapes(q, k, v));
            }
        }
        this.queryLengths = lengths("query", spec.queryLengths(), batch, n);
        this.keyLengths = lengths("key", spec.keyLengths(), batch, m);
        this.keyMask = spec.keyMask();
        if (keyMask != null && keyMask.length != batch * m) {
            throw new ShapeException("the key mask has " + keyMask.length + " entries, expected batch·m = "
                    + batch + "·" + m);
        }
        double[] alibi = spec.alibi();
        if (alibi != null && alibi.length != queryHeads) {
            throw new ShapeException("ALiBi needs one slope per query head (" + queryHeads + "), got " + alibi.length);
        }
        this.cuQ = spec.querySegments();
        this.cuK = spec.keySegments();
        if (cuQ != null) {
            int last = cuQ.length - 1;
            if (cuQ[last] != n || cuK[last] != m) {
                throw new ShapeException("segments: the cumulative lengths end at " + cuQ[last]
                        + (Arrays.equals(cuQ, cuK) ? "" : " and " + cuK[last]) + " but there are " + n + " query rows and "
                        + m + " keys; the last entry must be the total");
            }
            if (alibi != null && !Arrays.equals(cuQ, cuK)) {
                throw new ShapeException("ALiBi with different query and key segments is not supported:"
                        + " its distance |i − j| is not the sequences' own");
            }
            this.segmentOf = new int[n];
            for (int s = 0; s < last; s++) {
                Arrays.fill(segmentOf, cuQ[s], cuQ[s + 1], s);
            }
        } else {
            this.segmentOf = null;
        }
        Tensor bias = spec.bias();
        if (bias == null) {
            biasKind = 0;
        } else if (bias.size() == n * m) {
            biasKind = 1;
        } else if (bias.size() == queryHeads * n * m) {
            biasKind = 2;
        } else if (bias.size() == batch * queryHeads * n * m) {
            biasKind = 3;
        } else {
            throw new ShapeException("bias of shape " + ShapeException.format(bias.shape()) + " does not broadcast to"
                    + " [batch, heads, n, m] = " + ShapeException.format(new int[] {batch, queryHeads, n, m}));
        }
    }

    /**
     * Checks the operands against the spec.
     *
     * @throws ShapeException naming the shapes when they do not fit together
     */
    public static KernelShape of(Tensor queries, Tensor keys, Tensor values, KernelSpec spec) {
        return new KernelShape(spec, queries, keys, values);
    }

    public KernelSpec spec() {
        return spec;
    }

    /** The queries' element type, which the output and weights take. */
    public DType dtype() {
        return dtype;
    }

    /** The batch dimensions (before the head axis, or before the rows). */
    public int[] batchShape() {
        return batchShape.clone();
    }

    /** Batch rows: the product of {@link #batchShape()}. */
    public int batch() {
        return batch;
    }

    public int queryHeads() {
        return queryHeads;
    }

    public int kvHeads() {
        return kvHeads;
    }

    /** Query rows. */
    public int n() {
        return n;
    }

    /** Keys. */
    public int m() {
        return m;
    }

    /** Query and key width per head. */
    public int d() {
        return d;
    }

    /** Value width per head. */
    public int dv() {
        return dv;
    }

    /** The scale factor {@code s} for this head width. */
    public double scale() {
        return spec.scaleFor(d);
    }

    private boolean first() {
        return spec.layout() == HeadLayout.HEADS_FIRST;
    }

    /** Flat index of {@code queries[b, h, i, 0]}; the row's {@link #d()} elements follow. */
    public int query(int b, int h, int i) {
        return first() ? ((b * queryHeads + h) * n + i) * d : (b * n + i) * (queryHeads * d) + h * d;
    }

    /** Flat index of {@code keys[b, g, j, 0]} for kv head {@code g}. */
    public int key(int b, int g, int j) {
        return first() ? ((b * kvHeads + g) * m + j) * d : (b * m + j) * (kvHeads * d) + g * d;
    }

    /** Flat index of {@code values[b, g, j, 0]} for kv head {@code g}. */
    public int value(int b, int g, int j) {
        return first() ? ((b * kvHeads + g) * m + j) * dv : (b * m + j) * (kvHeads * dv) + g * dv;
    }

    /** Flat index of {@code output[b, h, i, 0]}; the output has the queries' layout with width {@link #dv()}. */
    public int output(int b, int h, int i) {
        return first() ? ((b * queryHeads + h) * n + i) * dv : (b * n + i) * (queryHeads * dv) + h * dv;
    }

    /** Flat index of {@code weights[b, h, i, 0]} in {@link #weightsShape()}. */
    public int weight(int b, int h, int i) {
        return ((b * queryHeads + h) * n + i) * m;
    }

    /** Row index of {@code (b, h, i)} in per-row arrays such as the log-sum-exps. */
    public int row(int b, int h, int i) {
        return (b * queryHeads + h) * n + i;
    }

    /** The output's shape: the queries' with {@code d} replaced by {@code d_v} per head. */
    public int[] outputShape() {
        int[] s = Arrays.copyOf(batchShape, batchShape.length + (first() ? 3 : 2));
        int r = batchShape.length;
        if (first()) {
            s[r] = queryHeads;
            s[r + 1] = n;
            s[r + 2] = dv;
        } else {
            s[r] = n;
            s[r + 1] = queryHeads * dv;
        }
        return s;
    }

    /**
     * The weights' shape: {@code [batch…, h_q, n, m]}, without the head axis for one head in the
     * {@link HeadLayout#HEADS_IN_COLUMNS} layout (plain {@code [batch…, n, m]}).
     */
    public int[] weightsShape() {
        boolean heads = first() || queryHeads > 1;
        int[] s = Arrays.copyOf(batchShape, batchShape.length + (heads ? 3 : 2));
        int r = batchShape.length;
        if (heads) {
            s[r++] = queryHeads;
        }
        s[r] = n;
        s[r + 1] = m;
        return s;
    }

    public int queryLength(int b) {
        return queryLengths[b];
    }

    public int keyLength(int b) {
        return keyLengths[b];
    }

    /** True when {@link KernelSpec#segments(int[]) segments} split the rows into packed sequences. */
    public boolean segmented() {
        return segmentOf != null;
    }

    /** The sequence query row {@code i} belongs to (0 without segments). */
    public int segment(int i) {
        return segmentOf == null ? 0 : segmentOf[i];
    }

    /**
     * The key on query {@code i}'s diagonal (may lie outside {@code [0, m)}); with segments, that of
     * the row's own sequence: {@code cuK[s] + i − cuQ[s]} top-left, {@code i + cuK[s+1] − cuQ[s+1]}
     * bottom-right.
     */
    public long diagonal(int b, int i) {
        if (segmentOf != null) {
            int s = segmentOf[i];
            return spec.diagonal() == Diagonal.TOP_LEFT ? (long) cuK[s] + i - cuQ[s] : (long) i + cuK[s + 1] - cuQ[s + 1];
        }
        return spec.diagonal() == Diagonal.TOP_LEFT ? i : (long) i + keyLengths[b] - queryLengths[b];
    }

    /**
     * First key of query {@code i}'s visible range (before the key mask); ≥ {@link #to} when none.
     * Non-decreasing in {@code i}, as {@link #to} is: kernels take a row block's keys as
     * {@code [from(first row), to(last row))}.
     */
    public int from(int b, int i) {
        if (segmentOf != null) {
            int s = segmentOf[i];
            if (spec.left() == KernelSpec.UNBOUNDED) {
                return cuK[s];
            }
            return (int) Math.max(cuK[s], Math.min(cuK[s + 1], diagonal(b, i) - spec.left()));
        }
        if (spec.left() == KernelSpec.UNBOUNDED) {
            return 0;
        }
        return (int) Math.max(0, Math.min(m, diagonal(b, i) - spec.left()));
    }

    /** One past the last key of query {@code i}'s visible range (before the key mask); 0 for padded rows. */
    public int to(int b, int i) {
        if (i >= queryLengths[b]) {
            return 0;
        }
        if (segmentOf != null) {
            // Clamped into the row's own sequence, so the ends stay non-decreasing across sequences.
            int s = segmentOf[i];
            long end = spec.right() == KernelSpec.UNBOUNDED ? cuK[s + 1]
                    : Math.max(cuK[s], Math.min(cuK[s + 1], diagonal(b, i) + spec.right() + 1));
            return (int) Math.min(keyLengths[b], end);
        }
        if (spec.right() == KernelSpec.UNBOUNDED) {
            return keyLengths[b];
        }
        return (int) Math.max(0, Math.min(keyLengths[b], diagonal(b, i) + spec.right() + 1));
    }

    /** Whether the key mask keeps key {@code j} of batch row {@code b}. */
    public boolean keeps(int b, int j) {
        return keyMask == null || keyMask[b * m + j];
    }

    /** True when a key mask is set. */
    public boolean masksKeys() {
        return keyMask != null;
    }

    /** Whether key {@code j} is visible to query {@code i} of batch row {@code b}. */
    public boolean visible(int b, int i, int j) {
        return j >= from(b, i) && j < to(b, i) && keeps(b, j);
    }

    /** Flat index into the bias tensor for {@code (b, h, i, j)}, or −1 without a bias tensor. */
    public int biasIndex(int b, int h, int i, int j) {
        return switch (biasKind) {
            case 1 -> i * m + j;
            case 2 -> (h * n + i) * m + j;
            case 3 -> ((b * queryHeads + h) * n + i) * m + j;
            default -> -1;
        };
    }

    private static int[] lengths(String what, int[] given, int batch, int rows) {
        int[] l = new int[batch];
        if (given == null) {
            Arrays.fill(l, rows);
            return l;
        }
        if (given.length != batch) {
            throw new ShapeException(what + " lengths have " + given.length + " entries for " + batch + " batch rows");
        }
        for (int b = 0; b < batch; b++) {
            if (given[b] < 0 || given[b] > rows) {
                throw new ShapeException(what + " length " + given[b] + " outside 0.." + rows);
            }
            l[b] = given[b];
        }
        return l;
    }

    private static String shapes(Tensor q, Tensor k, Tensor v) {
        return "queries " + ShapeException.format(q.shape()) + ", keys " + ShapeException.format(k.shape())
                + ", values " + ShapeException.format(v.shape());
    }

    @Override
    public String toString() {
        return "batch " + ShapeException.format(batchShape) + ", heads " + queryHeads + "/" + kvHeads + ", n " + n
                + ", m " + m + ", d " + d + ", d_v " + dv;
    }
}
