package dev.attention.api.kernel;

import dev.attention.api.ShapeException;
import dev.attention.api.Tensor;
import java.nio.DoubleBuffer;
import java.util.Arrays;
import java.util.Optional;

/**
 * {@link AttentionKernel#reference()}: every formula of {@link KernelSpec} in plain loops, one
 * query row at a time, in double. Slow and obviously right; the engine's kernel and the TCK are
 * measured against it.
 */
final class ReferenceKernel implements AttentionKernel {
    static final ReferenceKernel INSTANCE = new ReferenceKernel();

    private ReferenceKernel() {
    }

    /** One query row's visible scores and weights. */
    private static final class Row {
        final double[] capped;
        final double[] z;
        final double[] p;
        double lse;

        Row(int m) {
            capped = new double[m];
            z = new double[m];
            p = new double[m];
        }
    }

    /** Fills {@code row} for (b, h, i); returns false when the row sees no key. */
    private static boolean row(KernelShape s, Tensor q, Tensor k, int b, int h, int i, Row row) {
        KernelSpec spec = s.spec();
        int m = s.m();
        int d = s.d();
        int g = spec.kvHead(h);
        double scale = s.scale();
        double cap = spec.softcap();
        double tau = spec.temperature();
        double[] alibi = spec.alibi();
        Tensor bias = spec.bias();
        int qi = s.query(b, h, i);
        double max = Double.NEGATIVE_INFINITY;
        Arrays.fill(row.z, Double.NEGATIVE_INFINITY);
        for (int j = 0; j < m; j++) {
            if (!s.visible(b, i, j)) {
                continue;
            }
            int kj = s.key(b, g, j);
            double dot = 0;
            for (int c = 0; c < d; c++) {
                dot += q.at(qi + c) * k.at(kj + c);
            }
            double x = scale * dot;
            if (cap > 0) {
                x = cap * Math.tanh(x / cap);
            }
            row.capped[j] = x;
            if (bias != null) {
                x += bias.at(s.biasIndex(b, h, i, j));
            }
            if (alibi != null) {
                x -= alibi[h] * Math.abs(i - j);
            }
            row.z[j] = x / tau;
            max = Math.max(max, row.z[j]);
        }
        Arrays.fill(row.p, 0);
        if (max == Double.NEGATIVE_INFINITY) {
            row.lse = Double.NEGATIVE_INFINITY;
            return false;
        }
        double sum = 0;
        for (int j = 0; j < m; j++) {
            if (row.z[j] != Double.NEGATIVE_INFINITY) {
                row.p[j] = Math.exp(row.z[j] - max);
                sum += row.p[j];
            }
        }
        for (int j = 0; j < m; j++) {
            row.p[j] /= sum;
        }
        row.lse = max + Math.log(sum);
        return true;
    }

    @Override
    public KernelResult attend(Tensor q, Tensor k, Tensor v, KernelSpec spec) {
        KernelShape s = KernelShape.of(q, k, v, spec);
        int dv = s.dv();
        int m = s.m();
        Dropout dropout = spec.dropout();
        Tensor.Builder out = Tensor.builder(q.dtype(), s.outputShape());
        Tensor.Builder w = spec.weights() ? Tensor.builder(q.dtype(), s.weightsShape()) : null;
        double[] lse = new double[s.batch() * s.queryHeads() * s.n()];
        Row row = new Row(m);
        double[] acc = new double[dv];
        for (int b = 0; b < s.batch(); b++) {
            for (int h = 0; h < s.queryHeads(); h++) {
                int g = spec.kvHead(h);
                for (int i = 0; i < s.n(); i++) {
                    boolean any = row(s, q, k, b, h, i, row);
                    lse[s.row(b, h, i)] = row.lse;
                    if (!any) {
                        continue;
                    }
                    Arrays.fill(acc, 0);
                    for (int j = 0; j < m; j++) {
                        double p = row.p[j];
                        if (p == 0) {
                            continue;
                        }
                        if (dropout != null) {
                            p *= dropout.factor(b, h, i, j);
                        }
                        if (w != null) {
                            w.set(s.weight(b, h, i) + j, p);
                        }
                        int vj = s.value(b, g, j);
                        for (int c = 0; c < dv; c++) {
                            acc[c] += p * v.at(vj + c);
                        }
                    }
                    int o = s.output(b, h, i);
                    for (int c = 0; c < dv; c++) {
                        out.set(o + c, acc[c]);
                    }
                }
            }
        }
        return new KernelResult(out.build(), w == null ? null : w.build(), lse);
    }

    @Override
    public KernelGradients backward(Tensor q, Tensor k, Tensor v, KernelSpec spec, KernelResult forward,
            Tensor dOut, Tensor dWeights) {
        KernelShape s = KernelShape.of(q, k, v, spec);
        requireShape("output gradient", dOut, s.outputShape());
        if (dWeights != null) {
            requireShape("weight gradient", dWeights, s.weightsShape());
        }
        int m = s.m();
        int d = s.d();
        int dv = s.dv();
        double scale = s.scale();
        double cap = spec.softcap();
        double tau = spec.temperature();
        Dropout dropout = spec.dropout();
        double[] dq = new double[q.size()];
        double[] dk = new double[k.size()];
        double[] dvs = new double[v.size()];
        double[] dBias = spec.biasLearned() ? new double[spec.bias().size()] : null;
        Row row = new Row(m);
        double[] dp = new double[m];
        for (int b = 0; b < s.batch(); b++) {
            for (int h = 0; h < s.queryHeads(); h++) {
                int g = spec.kvHead(h);
                for (int i = 0; i < s.n(); i++) {
                    if (!row(s, q, k, b, h, i, row)) {
                        continue;
                    }
                    int o = s.output(b, h, i);
                    int qi = s.query(b, h, i);
                    double dsum = 0;
                    for (int j = 0; j < m; j++) {
                        if (row.p[j] == 0) {
                            dp[j] = 0;
                            continue;
                        }
                        double f = dropout == null ? 1 : dropout.factor(b, h, i, j);
                        int vj = s.value(b, g, j);
                        double x = dWeights == null ? 0 : dWeights.at(s.weight(b, h, i) + j);
                        for (int c = 0; c < dv; c++) {
                            double go = dOut.at(o + c);
                            x += go * v.at(vj + c);
                            dvs[vj + c] += row.p[j] * f * go;
                        }
                        dp[j] = x * f;
                        dsum += row.p[j] * dp[j];
                    }
                    for (int j = 0; j < m; j++) {
                        if (row.p[j] == 0) {
                            continue;
                        }
                        double gs = row.p[j] * (dp[j] - dsum) / tau;
                        if (dBias != null) {
                            dBias[s.biasIndex(b, h, i, j)] += gs;
                        }
                        if (cap > 0) {
                            double t = row.capped[j] / cap;
                            gs *= 1 - t * t;
                        }
                        gs *= scale;
                        int kj = s.key(b, g, j);
                        for (int c = 0; c < d; c++) {
                            dq[qi + c] += gs * k.at(kj + c);
                            dk[kj + c] += gs * q.at(qi + c);
                        }
                    }
                }
            }
        }
        Optional<Tensor> bias = dBias == null ? Optional.empty()
                : Optional.of(Tensor.of(spec.bias().dtype(), spec.bias().shape(), dBias));
        return new KernelGradients(Tensor.of(q.dtype(), q.shape(), dq), Tensor.of(k.dtype(), k.shape(), dk),
                Tensor.of(v.dtype(), v.shape(), dvs), bias);
    }

    @Override
    public Tensor matmul(Tensor a, boolean ta, Tensor b, boolean tb) {
        int ar = ta ? a.cols() : a.rows();
        int ak = ta ? a.rows() : a.cols();
        int bk = tb ? b.cols() : b.rows();
        int bc = tb ? b.rows() : b.cols();
        boolean shared = b.rank() == 2;
        if (ak != bk || (!shared && !Arrays.equals(a.batchShape(), b.batchShape()))) {
            throw new ShapeException("cannot multiply " + ShapeException.format(a.shape()) + (ta ? "ᵀ" : "") + " by "
                    + ShapeException.format(b.shape()) + (tb ? "ᵀ" : ""));
        }
        int[] shape = a.shape();
        shape[shape.length - 2] = ar;
        shape[shape.length - 1] = bc;
        Tensor.Builder out = Tensor.builder(a.dtype(), shape);
        int batch = a.batchSize();
        for (int t = 0; t < batch; t++) {
            int bb = shared ? 0 : t;
            for (int i = 0; i < ar; i++) {
                for (int j = 0; j < bc; j++) {
                    double sum = 0;
                    for (int c = 0; c < ak; c++) {
                        double x = ta ? a.get(t, c, i) : a.get(t, i, c);
                        double y = tb ? b.get(bb, j, c) : b.get(bb, c, j);
                        sum += x * y;
                    }
                    out.set(t, i, j, sum);
                }
            }
        }
        return out.build();
    }

    /** {@code y + bias} with the bias's values added to every row. */
    static Tensor addRowVector(Tensor y, Tensor bias) {
        int c = y.cols();
        if (bias.size() != c) {
            throw new ShapeException("bias of shape " + ShapeException.format(bias.shape()) + " does not fit rows of width "
                    + c);
        }
        // Row by row in bulk, no call per element: this runs on every linear layer's output.
        double[] b = bias.toDoubleArray();
        double[] row = new double[c];
        Tensor.Builder out = Tensor.builder(y.dtype(), y.shape());
        for (int t = 0; t < y.size(); t += c) {
            y.copyTo(t, row, 0, c);
            for (int j = 0; j < c; j++) {
                row[j] += b[j];
            }
            out.set(t, DoubleBuffer.wrap(row));
        }
        return out.build();
    }

    private static void requireShape(String what, Tensor t, int[] expected) {
        if (!Arrays.equals(t.shape(), expected)) {
            throw new ShapeException(what + " has shape " + ShapeException.format(t.shape()) + ", expected "
                    + ShapeException.format(expected));
        }
    }

    @Override
    public String description() {
        return "reference kernel (plain loops, double)";
    }

    @Override
    public String toString() {
        return description();
    }
}
