package dev.attention.alignments;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.attention.api.spi.AlignmentProvider;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class AlignmentServicesTest {
    @Test
    void service_loader_finds_exactly_this_modules_alignments() {
        List<String> ids = ServiceLoader.load(AlignmentProvider.class).stream()
                .map(p -> p.get().id()).sorted().collect(Collectors.toList());
        assertEquals(List.of("additive", "cosine", "dot", "gaussian", "general", "laplace", "location", "scaled-dot"), ids);
    }
}
