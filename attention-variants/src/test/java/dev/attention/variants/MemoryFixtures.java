package dev.attention.variants;

import dev.attention.api.AttentionInputs;
import dev.attention.api.Tensor;
import dev.attention.tck.GradientCheck;

/**
 * Inputs for the memory-network tests: a batch of 2 stories of 4 sentences over a vocabulary of
 * V = 5 (pseudo-random values in [0, 1), like word counts), each with 2 questions of width 5.
 */
final class MemoryFixtures {
    static final int BATCH = 2;
    static final int SENTENCES = 4;
    static final int QUESTIONS = 2;
    static final int V = 5;

    private MemoryFixtures() {
    }

    static Tensor memory() {
        return GradientCheck.random(new int[] {BATCH, SENTENCES, V}, 31, 0, 1);
    }

    static Tensor query(int width) {
        return GradientCheck.random(new int[] {BATCH, QUESTIONS, width}, 32, 0, 1);
    }

    static AttentionInputs inputs() {
        return AttentionInputs.builder().put(MemoryVariant.MEMORY, memory()).put(MemoryVariant.QUERY, query(V)).build();
    }
}
