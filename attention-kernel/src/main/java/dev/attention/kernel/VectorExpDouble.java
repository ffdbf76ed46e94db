package dev.attention.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@code exp(x)} for double lanes with {@code x ≤ 0} (the softmax only exponentiates
 * {@code z − max}), as {@link VectorExp} for floats: range reduction {@code x = n·ln2 + r},
 * {@code |r| ≤ ln2/2}, with ln2 split in two so {@code n·LN2_HI} is exact and {@code r} is exact to
 * double rounding; {@code e^r} by its Taylor polynomial of degree 13 (truncation
 * {@code (ln2/2)^14/14! < 5e-18} relative); {@code 2^n} built in the exponent bits. Measured against
 * {@link Math#exp} within a few 1e-16 relative on [−708, 0] ({@code VectorExpDoubleTest}).
 * Arguments below −708.39 give 0 (their weight is below 1e-307 of the row's largest): the exponent
 * field cannot hold subnormals, and flushing them is harmless for a softmax.
 */
final class VectorExpDouble {
    // The species every caller uses, as a constant: one read from the argument is constant only when
    // this method is inlined; compiled on its own, its broadcasts then ran the Vector API's slow
    // fallback (seen in profiles of the backward pass).
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final double LOG2E = 1.4426950408889634;
    // ln 2 = LN2_HI + LN2_LO; LN2_HI has 21 trailing zero bits, so n·LN2_HI is exact for |n| < 2^21.
    private static final double LN2_HI = 6.93147180369123816490e-01;
    private static final double LN2_LO = 1.90821492927058770002e-10;
    /** 1.5·2^52: adding it rounds to an integer held in the low mantissa bits. */
    private static final double ROUNDER = 6755399441055744.0;
    private static final long ROUNDER_BITS = 0x4338000000000000L;
    /** ln(2^−1022): the smallest argument whose result is a normal double. */
    static final double LOWEST = -708.3964185322641;

    private VectorExpDouble() {
    }

    static DoubleVector exp(DoubleVector x) {
        VectorSpecies<Double> s = S;
        // Clamped so −∞ and huge negatives keep n in the exponent's range; they are flushed below.
        DoubleVector y = x.max(LOWEST - 1);
        DoubleVector t = y.fma(DoubleVector.broadcast(s, LOG2E), DoubleVector.broadcast(s, ROUNDER));
        DoubleVector n = t.sub(ROUNDER);
        DoubleVector r = n.fma(DoubleVector.broadcast(s, -LN2_HI), y);
        r = n.fma(DoubleVector.broadcast(s, -LN2_LO), r);
        // Horner from 1/13! down to 1; each coefficient one correctly rounded constant division.
        DoubleVector p = DoubleVector.broadcast(s, 1.0 / 6227020800L);
        p = p.fma(r, DoubleVector.broadcast(s, 1.0 / 479001600L));
        p = p.fma(r, DoubleVector.broadcast(s, 1.0 / 39916800L));
        p = p.fma(r, DoubleVector.broadcast(s, 1.0 / 3628800L));
        p = p.fma(r, DoubleVector.broadcast(s, 1.0 / 362880L));
        p = p.fma(r, DoubleVector.broadcast(s, 1.0 / 40320L));
        p = p.fma(r, DoubleVector.broadcast(s, 1.0 / 5040L));
        p = p.fma(r, DoubleVector.broadcast(s, 1.0 / 720L));
        p = p.fma(r, DoubleVector.broadcast(s, 1.0 / 120L));
        p = p.fma(r, DoubleVector.broadcast(s, 1.0 / 24L));
        p = p.fma(r, DoubleVector.broadcast(s, 1.0 / 6L));
        p = p.fma(r, DoubleVector.broadcast(s, 1.0 / 2L));
        p = p.fma(r, DoubleVector.broadcast(s, 1.0));
        p = p.fma(r, DoubleVector.broadcast(s, 1.0));
        LongVector bits = ((LongVector) t.reinterpretAsLongs()).sub(ROUNDER_BITS - 1023)
                .lanewise(VectorOperators.LSHL, 52);
        DoubleVector scale = (DoubleVector) bits.reinterpretAsDoubles();
        return p.mul(scale).blend(0.0, x.compare(VectorOperators.LT, LOWEST));
    }

    /**
     * {@code tanh(y) = sign(y)·(1 − e)/(1 + e)} with {@code e = exp(−2|y|)}: an absolute error of a few
     * 1e-16 (the softcap turns it into an absolute logit error {@code c·1e-16}); ±1 for |y| &gt; 354.
     */
    static DoubleVector tanh(DoubleVector y) {
        VectorSpecies<Double> s = S;
        DoubleVector e = exp(y.abs().mul(-2.0));
        DoubleVector one = DoubleVector.broadcast(s, 1.0);
        DoubleVector t = one.sub(e).div(one.add(e));
        return t.blend(t.neg(), y.compare(VectorOperators.LT, 0.0));
    }
}
