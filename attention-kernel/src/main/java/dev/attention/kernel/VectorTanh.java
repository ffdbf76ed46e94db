package dev.attention.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@code tanh(y)} for float lanes, for the softcap {@code c·tanh(s/c)}:
 * {@code tanh|y| = −μ/(2 + μ)} with {@code μ = expm1(−2|y|)}, the sign put back. For
 * {@code −2|y| ≥ −0.35} (|y| ≤ 0.175) {@code μ} is the Taylor polynomial of {@code expm1} of degree 8
 * (no cancellation: {@code 1 − e^x} would lose the small {@code y}'s digits); beyond it
 * {@code μ = exp(−2|y|) − 1} from {@link VectorExp}, where it is at most −0.3. Relative error a few
 * float ulps on the whole line ({@code VectorTanhTest}); ±1 for {@code |y| > 43.7}.
 */
final class VectorTanh {
    // The species every caller uses, as a constant: one read from the argument is constant only when
    // this method is inlined; compiled on its own, its broadcasts then ran the Vector API's slow
    // fallback (seen in profiles of the backward pass).
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final float SMALL = -0.35f;

    private VectorTanh() {
    }

    static FloatVector tanh(FloatVector y) {
        VectorSpecies<Float> s = S;
        FloatVector x = y.abs().mul(-2f);
        // expm1(x) = x·(1 + x/2 + x²/6 + … + x⁷/8!), Horner.
        FloatVector q = FloatVector.broadcast(s, 1f / 40320);
        q = q.fma(x, FloatVector.broadcast(s, 1f / 5040));
        q = q.fma(x, FloatVector.broadcast(s, 1f / 720));
        q = q.fma(x, FloatVector.broadcast(s, 1f / 120));
        q = q.fma(x, FloatVector.broadcast(s, 1f / 24));
        q = q.fma(x, FloatVector.broadcast(s, 1f / 6));
        q = q.fma(x, FloatVector.broadcast(s, 0.5f));
        q = q.fma(x, FloatVector.broadcast(s, 1f));
        FloatVector small = q.mul(x);
        FloatVector large = VectorExp.exp(x).sub(1f);
        FloatVector mu = large.blend(small, x.compare(VectorOperators.GE, SMALL));
        FloatVector t = mu.neg().div(mu.add(2f));
        return t.blend(t.neg(), y.compare(VectorOperators.LT, 0f));
    }
}
