package dev.attention.distributions;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.attention.api.spi.DistributionProvider;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DistributionServicesTest {
    @Test
    void service_loader_finds_exactly_this_modules_distributions() {
        List<String> ids = ServiceLoader.load(DistributionProvider.class).stream()
                .map(p -> p.get().id()).sorted().collect(Collectors.toList());
        assertEquals(List.of("entmax", "entmax15", "gumbel-softmax", "normalize", "sigmoid", "softmax", "sparsemax"), ids);
    }
}
