package dev.attention.alignments;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.attention.api.spi.AttentionPlugin;
import dev.attention.api.spi.PluginProvider;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class AlignmentServicesTest {
    @Test
    void service_loader_finds_this_modules_one_entry_point() {
        List<String> found = ServiceLoader.load(AttentionPlugin.class).stream().map(p -> p.type().getName()).toList();
        assertEquals(List.of(AlignmentsPlugin.class.getName()), found);
    }

    @Test
    void the_entry_point_declares_exactly_this_modules_alignments() {
        List<String> ids = AlignmentFixtures.all().stream().map(PluginProvider::id).sorted().toList();
        assertEquals(List.of("additive", "cosine", "dot", "gat", "gaussian", "general", "laplace", "location", "scaled-dot"), ids);
    }

    @Test
    void every_alignment_but_location_scores_each_key_alone() {
        List<String> alone = AlignmentFixtures.all().stream().filter(p -> p.scoresEachKeyAlone())
                .map(PluginProvider::id).sorted().toList();
        assertEquals(List.of("additive", "cosine", "dot", "gat", "gaussian", "general", "laplace", "scaled-dot"), alone);
    }
}
