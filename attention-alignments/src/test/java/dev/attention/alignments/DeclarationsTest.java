package dev.attention.alignments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.Alignment;
import dev.attention.api.DType;
import dev.attention.api.spi.AlignmentProvider;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/**
 * Which alignments declare the dot-product form to the fused kernel, and with which factor: dot
 * (1) and scaled-dot (its scale, 1/√d by default); every other alignment declares nothing. That
 * each declaration equals the plugin's own scores is the TCK's check.
 */
class DeclarationsTest {

    @Test
    void dot_declares_factor_one_for_every_width() {
        Alignment dot = AlignmentFixtures.create(AlignmentFixtures.provider("dot"));
        for (int d : new int[] {0, 1, 3, 64}) {
            assertEquals(OptionalDouble.of(1.0), dot.dotProductScale(d), "width " + d);
        }
    }

    @Test
    void scaled_dot_declares_one_over_root_d_by_default_and_the_given_scale_otherwise() {
        Alignment byDefault = AlignmentFixtures.create(AlignmentFixtures.provider("scaled-dot"));
        assertEquals(OptionalDouble.of(0.5), byDefault.dotProductScale(4));
        assertEquals(OptionalDouble.of(1 / Math.sqrt(3)), byDefault.dotProductScale(3));
        // Width 0: every score is 0 and the scores use factor 1, which is what is declared.
        assertEquals(OptionalDouble.of(1.0), byDefault.dotProductScale(0));
        Alignment given = AlignmentFixtures.create(AlignmentFixtures.provider("scaled-dot"), Map.of("scale", 0.25));
        assertEquals(OptionalDouble.of(0.25), given.dotProductScale(4));
        assertEquals(OptionalDouble.of(0.25), given.dotProductScale(100));
    }

    @Test
    void no_other_alignment_declares_the_dot_form() {
        for (AlignmentProvider p : AlignmentFixtures.all()) {
            if (p.id().equals("dot") || p.id().equals("scaled-dot")) {
                continue;
            }
            Map<String, Object> config = p.id().equals("location") ? Map.of("max-positions", 7) : Map.of();
            Alignment a = AlignmentFixtures.create(p, config, DType.FLOAT64, 1, 3, 3);
            for (int d : new int[] {1, 3}) {
                assertTrue(a.dotProductScale(d).isEmpty(), p.id() + " declares " + a.dotProductScale(d));
            }
        }
    }
}
