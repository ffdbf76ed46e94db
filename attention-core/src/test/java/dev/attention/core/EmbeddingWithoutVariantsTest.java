package dev.attention.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.Alignment;
import dev.attention.api.ConfigException;
import dev.attention.api.DType;
import dev.attention.api.Distribution;
import dev.attention.api.Mask;
import dev.attention.api.Tensor;
import dev.attention.api.spi.PluginKind;
import dev.attention.assembly.plugin.PluginInfo;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * An embedder who ships only alignments and distributions. Runs in its own surefire execution with
 * attention-variants removed from the class path (see attention-core/pom.xml), so core must not
 * need that module for anything but assembling a whole pipeline.
 */
class EmbeddingWithoutVariantsTest {
    private final AttentionEngine engine = Attention.engine();

    @Test
    void the_variants_module_and_the_cli_are_really_off_the_class_path() {
        assertThrows(ClassNotFoundException.class, () -> Class.forName("dev.attention.variants.VariantsPlugin"));
        assertThrows(ClassNotFoundException.class, () -> Class.forName("dev.attention.cli.Main"));
    }

    private List<String> ids(PluginKind kind) {
        return engine.plugins().stream().filter(p -> p.kind() == kind).map(PluginInfo::id)
                .collect(Collectors.toList());
    }

    @Test
    void plugins_lists_alignments_and_distributions_but_no_variant() {
        assertTrue(ids(PluginKind.ALIGNMENT).containsAll(List.of("cosine", "dot", "scaled-dot")),
                ids(PluginKind.ALIGNMENT).toString());
        assertTrue(ids(PluginKind.DISTRIBUTION).containsAll(List.of("normalize", "sigmoid", "softmax")),
                ids(PluginKind.DISTRIBUTION).toString());
        assertEquals(List.of(), ids(PluginKind.VARIANT));
    }

    @Test
    void components_alone_compute_weights_by_hand() {
        Alignment a = engine.alignment("scaled-dot", Map.of(), DType.FLOAT64);
        // τ = 2/ln 3 makes exp(−2/τ) = 1/3, so the softmax weights come out rational.
        Distribution f = engine.distribution("softmax", Map.of("temperature", 2 / Math.log(3)), DType.FLOAT64);

        Tensor queries = Tensor.matrix(DType.FLOAT64, new double[] {1, 1, 1, 1}, new double[] {0, 0, 0, 0});
        Tensor keys = Tensor.matrix(DType.FLOAT64, new double[] {1, 1, 1, 1}, new double[] {1, -1, 1, -1});
        Tensor scores = a.scores(queries, keys);
        // d = 4, so the default scale is 1/√4 = 0.5:
        //   q1·k1 = 4 → 2,  q1·k2 = 0 → 0,  q2 = 0 → scores 0 and 0.
        assertArrayEquals(new double[] {2, 0, 0, 0}, scores.toDoubleArray(), 0);

        Tensor w = f.weights(scores, Mask.all());
        // Row 1: exp((2−2)/τ) = 1 and exp((0−2)/τ) = 1/3 → (1, 1/3)/(4/3) = (3/4, 1/4).
        // Row 2: equal scores → (1/2, 1/2).
        assertArrayEquals(new double[] {0.75, 0.25, 0.5, 0.5}, w.toDoubleArray(), 1e-15);

        // The embedder's own weighted sum with values (4, 8): 0.75·4 + 0.25·8 = 5 and 0.5·4 + 0.5·8 = 6.
        double[] v = {4, 8};
        double[] y = new double[2];
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 2; j++) {
                y[i] += w.get(i, j) * v[j];
            }
        }
        assertArrayEquals(new double[] {5, 6}, y, 1e-14);
    }

    @Test
    void a_whole_pipeline_needs_a_variant_and_says_which_module_provides_one() {
        ConfigException e = assertThrows(ConfigException.class, () -> engine.pipeline().build());
        assertEquals(Optional.of("pipeline.variant"), e.key());
        assertTrue(e.getMessage().contains("no variant plugins are installed"), e.getMessage());
        assertTrue(e.getMessage().contains("attention-variants"), e.getMessage());
    }
}
