package dev.attention.assembly.fuzz;

import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * One random edit of a valid file's bytes, the way files go bad: a flipped bit, an overwritten
 * byte, inserted junk, a deleted or duplicated stretch, a truncation. Positions are fractions of
 * the length, so one mutation applies to any file and shrinks towards its start.
 */
record Mutation(int kind, double at, byte value, int length) {
    private static final int KINDS = 6;

    /** One to eight mutations, applied in order. */
    static Arbitrary<List<Mutation>> lists() {
        Arbitrary<Mutation> one = Combinators.combine(Arbitraries.integers().between(0, KINDS - 1),
                Arbitraries.doubles().between(0, 1), Arbitraries.bytes(), Arbitraries.integers().between(1, 64))
                .as(Mutation::new);
        return one.list().ofMinSize(1).ofMaxSize(8);
    }

    static byte[] apply(byte[] original, List<Mutation> mutations) {
        byte[] b = original;
        for (Mutation m : mutations) {
            b = m.apply(b);
        }
        return b;
    }

    byte[] apply(byte[] b) {
        int n = b.length;
        int i = (int) Math.min(n, Math.floor(at * (n + 1)));
        int len = Math.min(length, n - i);
        switch (kind) {
            case 0 -> { // flip one bit
                if (i < n) {
                    b = b.clone();
                    b[i] ^= (byte) (1 << (value & 7));
                }
            }
            case 1 -> { // overwrite a byte
                if (i < n) {
                    b = b.clone();
                    b[i] = value;
                }
            }
            case 2 -> { // insert junk
                byte[] junk = new byte[length];
                Arrays.fill(junk, value);
                b = splice(b, i, 0, junk);
            }
            case 3 -> b = splice(b, i, len, new byte[0]); // delete a stretch
            case 4 -> b = splice(b, i, 0, Arrays.copyOfRange(b, i, i + len)); // duplicate a stretch
            default -> b = Arrays.copyOf(b, i); // truncate
        }
        return b;
    }

    private static byte[] splice(byte[] b, int at, int remove, byte[] insert) {
        byte[] out = new byte[b.length - remove + insert.length];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(b, at + remove, out, at + insert.length, b.length - at - remove);
        return out;
    }
}
