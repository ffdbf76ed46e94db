package dev.attention.spark;

/**
 * How {@link AttentionSpark#scoreSequences} reads sequences and names its result.
 *
 * @param sequenceColumn    an {@code array<array<double>>} column: one sequence (its rows, e.g. the
 *                          tokens of a document) per dataset row; {@link Sequences#fromRows} builds
 *                          it from one row per token
 * @param outputColumn      the added {@code array<array<double>>} column: the variant's output rows
 *                          for the sequence (one per token, or one for {@code pooling})
 * @param batchSequences    sequences run through the pipeline together, padded to the longest and
 *                          masked; results do not depend on it
 */
public record SequenceOptions(String sequenceColumn, String outputColumn, int batchSequences) {
    public SequenceOptions {
        if (batchSequences < 1) {
            throw new IllegalArgumentException("batchSequences must be ≥ 1, got " + batchSequences);
        }
    }

    /** Column {@code sequence} in, {@code output} out, 64 sequences per batch. */
    public static SequenceOptions defaults() {
        return new SequenceOptions(AttentionSpark.SEQUENCE, AttentionSpark.OUTPUT, 64);
    }

    public SequenceOptions withSequenceColumn(String name) {
        return new SequenceOptions(name, outputColumn, batchSequences);
    }

    public SequenceOptions withOutputColumn(String name) {
        return new SequenceOptions(sequenceColumn, name, batchSequences);
    }

    public SequenceOptions withBatchSequences(int n) {
        return new SequenceOptions(sequenceColumn, outputColumn, n);
    }
}
