package dev.attention.variants;

import dev.attention.api.DType;
import dev.attention.api.Parameters;
import dev.attention.api.Tensor;
import dev.attention.api.kernel.AttentionKernel;
import dev.attention.api.spi.StreamForm;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * Learned input projections {@code Q = X_q W_qᵀ}, {@code K = X_k W_kᵀ}, {@code V = X_v W_vᵀ} with
 * {@code W_q [dim, d_q]}, {@code W_k [dim, d_k]}, {@code W_v [dim, d_v]} ({@code [out, in]} as in
 * PyTorch), no bias. Named locally {@code W_q}, {@code W_k}, {@code W_v}. The maps and their
 * gradients are matrix products through an {@link AttentionKernel} ({@link LinearMaps}). Immutable.
 */
final class Projections {
    static final String W_Q = "W_q";
    static final String W_K = "W_k";
    static final String W_V = "W_v";

    private final Tensor wq;
    private final Tensor wk;
    private final Tensor wv;

    private Projections(Tensor wq, Tensor wk, Tensor wv) {
        this.wq = wq;
        this.wk = wk;
        this.wv = wv;
    }

    /** Xavier-uniform {@code W_q}, {@code W_k}, {@code W_v}, drawn in that order from {@code random}. */
    static Projections xavier(Random random, DType dtype, int dim, int dq, int dk, int dv) {
        Tensor q = LinearMaps.xavierUniform(random, dtype, dim, dq);
        Tensor k = LinearMaps.xavierUniform(random, dtype, dim, dk);
        Tensor v = LinearMaps.xavierUniform(random, dtype, dim, dv);
        return new Projections(q, k, v);
    }

    /** The projected width {@code dim}. */
    int dim() {
        return wq.rows();
    }

    Parameters parameters() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put(W_Q, wq);
        m.put(W_K, wk);
        m.put(W_V, wv);
        return Parameters.of(m);
    }

    /** A copy taking any of {@code W_q}, {@code W_k}, {@code W_v} from {@code local} (same shapes). */
    Projections withParameters(Parameters local) {
        return new Projections(QualifiedParameters.replace(local, W_Q, wq),
                QualifiedParameters.replace(local, W_K, wk), QualifiedParameters.replace(local, W_V, wv));
    }

    QkvAttention.Operands project(AttentionKernel kernel, QkvAttention.Operands x) {
        return new QkvAttention.Operands(LinearMaps.apply(kernel, "queries", x.queries(), wq, null),
                LinearMaps.apply(kernel, "keys", x.keys(), wk, null),
                LinearMaps.apply(kernel, "values", x.values(), wv, null));
    }

    /** Gradients of the unprojected operands, given those of the projected ones: {@code dY · W}. */
    QkvAttention.Operands inputGradients(AttentionKernel kernel, QkvAttention.Operands dProjected) {
        return new QkvAttention.Operands(LinearMaps.inputGradient(kernel, dProjected.queries(), wq),
                LinearMaps.inputGradient(kernel, dProjected.keys(), wk),
                LinearMaps.inputGradient(kernel, dProjected.values(), wv));
    }

    /** {@code dL/dW_q}, {@code dL/dW_k}, {@code dL/dW_v} ({@code dYᵀ X} over all rows), locally named. */
    Parameters gradients(AttentionKernel kernel, QkvAttention.Operands x, QkvAttention.Operands dProjected) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put(W_Q, LinearMaps.weightGradient(kernel, dProjected.queries(), x.queries(), wq.dtype()));
        m.put(W_K, LinearMaps.weightGradient(kernel, dProjected.keys(), x.keys(), wk.dtype()));
        m.put(W_V, LinearMaps.weightGradient(kernel, dProjected.values(), x.values(), wv.dtype()));
        return Parameters.of(m);
    }

    /** {@code form} with these projections as its row maps ({@code variant.W_q}, …) when {@code enabled}. */
    static StreamForm rowMaps(StreamForm form, boolean enabled) {
        if (!enabled) {
            return form;
        }
        String p = QualifiedParameters.VARIANT + ".";
        return form.withRowMaps(p + W_Q, p + W_K, p + W_V);
    }
}
