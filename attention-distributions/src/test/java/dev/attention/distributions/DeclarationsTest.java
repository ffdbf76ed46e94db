package dev.attention.distributions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.Distribution;
import dev.attention.api.spi.DistributionProvider;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/**
 * Only softmax declares itself to the fused kernel, with its temperature; gumbel-softmax (noise)
 * and every other distribution declare nothing. That the declaration equals the plugin's own
 * weights is the TCK's check.
 */
class DeclarationsTest {

    @Test
    void softmax_declares_its_temperature() {
        assertEquals(OptionalDouble.of(1.0), DistributionFixtures.create(DistributionFixtures.provider("softmax")).softmaxTemperature());
        assertEquals(OptionalDouble.of(0.3),
                DistributionFixtures.create(DistributionFixtures.provider("softmax"), Map.of("temperature", 0.3)).softmaxTemperature());
    }

    @Test
    void no_other_distribution_declares_a_softmax() {
        for (DistributionProvider p : DistributionFixtures.all()) {
            if (!p.id().equals("softmax")) {
                Distribution f = DistributionFixtures.create(p);
                assertTrue(f.softmaxTemperature().isEmpty(), p.id() + " declares " + f.softmaxTemperature());
            }
        }
    }
}
