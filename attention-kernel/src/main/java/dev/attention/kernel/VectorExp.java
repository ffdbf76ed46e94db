package dev.attention.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@code exp(x)} for float lanes with {@code x ≤ 0} (the softmax only exponentiates
 * {@code z − max}). Range reduction {@code x = n·ln2 + r}, {@code |r| ≤ ln2/2}, with ln2 split in
 * two so {@code r} is exact to float rounding; {@code e^r} by its Taylor polynomial of degree 7
 * (truncation below 6e-9 relative); {@code 2^n} built in the exponent bits. Measured against
 * {@link Math#exp}: below 1 float ulp (0.92 measured, ≈ 1.1e-7 relative) on [−87, 0] ({@code VectorExpTest}).
 * Arguments below −87.3 give 0 (their weight is below 1e-38 of the row's largest): the exponent
 * field cannot hold subnormals, and flushing them is harmless for a softmax. Lanes are of
 * {@link FloatVector#SPECIES_PREFERRED}, the kernel's species.
 */
public final class VectorExp {
    // The species every caller uses, as a constant: one read from the argument is constant only when
    // this method is inlined; compiled on its own, its broadcasts then ran the Vector API's slow
    // fallback (seen in profiles of the backward pass).
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final float LOG2E = 1.44269504088896341f;
    // ln 2 = LN2_HI + LN2_LO; LN2_HI has 8 trailing zero bits, so n·LN2_HI is exact for |n| < 2^8.
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;
    /** 1.5·2^23: adding it rounds to an integer held in the low mantissa bits. */
    private static final float ROUNDER = 12582912f;
    private static final int ROUNDER_BITS = 0x4B400000;
    private static final float LOWEST = -87.33654f;

    private VectorExp() {
    }

    public static FloatVector exp(FloatVector x) {
        VectorSpecies<Float> s = S;
        FloatVector t = x.max(LOWEST - 1).fma(FloatVector.broadcast(s, LOG2E), FloatVector.broadcast(s, ROUNDER));
        FloatVector n = t.sub(ROUNDER);
        FloatVector r = n.fma(FloatVector.broadcast(s, -LN2_HI), x);
        r = n.fma(FloatVector.broadcast(s, -LN2_LO), r);
        // Horner from 1/7! down to 1.
        FloatVector p = FloatVector.broadcast(s, 1f / 5040);
        p = p.fma(r, FloatVector.broadcast(s, 1f / 720));
        p = p.fma(r, FloatVector.broadcast(s, 1f / 120));
        p = p.fma(r, FloatVector.broadcast(s, 1f / 24));
        p = p.fma(r, FloatVector.broadcast(s, 1f / 6));
        p = p.fma(r, FloatVector.broadcast(s, 0.5f));
        p = p.fma(r, FloatVector.broadcast(s, 1f));
        p = p.fma(r, FloatVector.broadcast(s, 1f));
        IntVector bits = t.reinterpretAsInts().sub(ROUNDER_BITS - 127).lanewise(VectorOperators.LSHL, 23);
        FloatVector scale = bits.reinterpretAsFloats();
        return p.mul(scale).blend(0f, x.compare(VectorOperators.LT, LOWEST));
    }
}
