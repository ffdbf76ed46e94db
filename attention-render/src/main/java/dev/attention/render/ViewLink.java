package dev.attention.render;

import static org.apiguardian.api.API.Status.MAINTAINED;

import org.apiguardian.api.API;

/**
 * A link between two panels of an {@link AttentionView}: hovering column {@code column} of panel
 * {@code panel} (any cell of it when {@code column} is −1) highlights panel {@code target}. A
 * multilevel run links each sentence (a column of the sentence-level panel) to its word-level panel;
 * co-attention links the two directions of one pair (column −1), which the page also draws side by side.
 *
 * @param panel  the index of the panel hovered
 * @param column its column, or −1 for the whole panel
 * @param target the index of the panel highlighted
 */
@API(status = MAINTAINED)
public record ViewLink(int panel, int column, int target) {
    public ViewLink {
        if (panel < 0 || target < 0 || column < -1) {
            throw new IllegalArgumentException("a link needs panel and target ≥ 0 and column ≥ −1, got " + panel + ", "
                    + column + ", " + target);
        }
    }
}
