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
 */
@API(status = MAINTAINED)
public record HeatmapContext(AttentionInputs inputs, Map<String, List<List<String>>> labels, List<String> groups) {
    public HeatmapContext {
        labels = Map.copyOf(labels);
        groups = List.copyOf(groups);
    }
}
