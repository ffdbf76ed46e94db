package dev.attention.api.spi;

import dev.attention.api.Alignment;
import java.util.Map;

/**
 * Creates the configured alignment for given operand widths. A variant that feeds its alignment
 * something other than its raw inputs (projections, areas, heads) asks for an alignment of the
 * widths it will actually pass, so learnable alignments size their parameters correctly.
 */
@FunctionalInterface
public interface AlignmentFactory {

    /**
     * @param widths known widths by operand name: {@code queries} (d_q) and {@code keys} (d_k);
     *     a missing entry means unknown
     */
    Alignment create(Map<String, Integer> widths);
}
