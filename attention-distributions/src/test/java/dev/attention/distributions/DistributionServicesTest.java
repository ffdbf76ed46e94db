package dev.attention.distributions;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.attention.api.spi.AttentionPlugin;
import dev.attention.api.spi.PluginProvider;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class DistributionServicesTest {
    @Test
    void service_loader_finds_this_modules_one_entry_point() {
        List<String> found = ServiceLoader.load(AttentionPlugin.class).stream().map(p -> p.type().getName()).toList();
        assertEquals(List.of(DistributionsPlugin.class.getName()), found);
    }

    @Test
    void the_entry_point_declares_exactly_this_modules_distributions() {
        List<String> ids = DistributionFixtures.all().stream().map(PluginProvider::id).sorted().toList();
        assertEquals(List.of("entmax", "entmax15", "gumbel-softmax", "normalize", "sigmoid", "softmax", "sparsemax"), ids);
    }
}
