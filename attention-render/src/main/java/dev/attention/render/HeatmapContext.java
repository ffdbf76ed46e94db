package dev.attention.render;

import static org.apiguardian.api.API.Status.MAINTAINED;

import dev.attention.api.AttentionInputs;
import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * What a heatmap may know of a run besides its result: the inputs (their padding lengths cut the
 * panels to the real rows and keys), each input's row labels per batch element, and the names of
 * the batch elements' groups.
 *
 * @param inputs the run's inputs
 * @param labels per input name, per batch element, one label per row (may be empty)
 * @param groups one caption per batch element, or empty
 * @param grids  per image input read as one grid ({@code layout: image}), its {@code {rows, columns}}:
 *               a single query's weights over it are drawn as that grid
 */
@API(status = MAINTAINED)
public record HeatmapContext(AttentionInputs inputs, Map<String, List<List<String>>> labels, List<String> groups,
        Map<String, int[]> grids) {
    public HeatmapContext {
        labels = Map.copyOf(labels);
        groups = List.copyOf(groups);
        grids = Map.copyOf(grids);
    }

    /** A context without image grids. */
    public HeatmapContext(AttentionInputs inputs, Map<String, List<List<String>>> labels, List<String> groups) {
        this(inputs, labels, groups, Map.of());
    }
}
