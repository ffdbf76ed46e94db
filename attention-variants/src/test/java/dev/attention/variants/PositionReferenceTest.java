package dev.attention.variants;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.attention.api.AttentionInputs;
import dev.attention.api.AttentionResult;
import dev.attention.api.Parameters;
import dev.attention.api.Tensor;
import dev.attention.api.Variant;
import dev.attention.api.spi.VariantProvider;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every by-position variant against an independent numpy implementation of its Javadoc formulas
 * ({@code tools/reference_variants_position.py}, output committed as
 * {@code position-reference.txt}): one padded case, dot + softmax.
 */
class PositionReferenceTest {
    private static final Map<String, Tensor> REF = ReferenceFile.read("position-reference.txt");
    private static final double TOL = 1e-12;

    private static AttentionInputs inputs() {
        return AttentionInputs.builder()
                .put("queries", REF.get("queries"), lengths("query_lengths"))
                .put("keys", REF.get("keys"), lengths("key_lengths"))
                .put("values", REF.get("values"), lengths("key_lengths"))
                .build();
    }

    private static int[] lengths(String name) {
        double[] d = REF.get(name).toDoubleArray();
        int[] l = new int[d.length];
        for (int x = 0; x < d.length; x++) {
            l[x] = (int) d[x];
        }
        return l;
    }

    private static void check(String prefix, VariantProvider provider, Map<String, Object> config,
            Parameters parameters) {
        Variant v = PositionFixtures.create(provider, config, 42, inputs()).withParameters(parameters);
        AttentionResult r = v.forward(inputs());
        int compared = 0;
        for (Map.Entry<String, Tensor> e : REF.entrySet()) {
            if (!e.getKey().startsWith(prefix + ".")) {
                continue;
            }
            String name = e.getKey().substring(prefix.length() + 1);
            Tensor actual = r.get(name);
            assertArrayEquals(e.getValue().shape(), actual.shape(), e.getKey() + " shape");
            for (int x = 0; x < actual.size(); x++) {
                assertEquals(e.getValue().at(x), actual.at(x), TOL, e.getKey() + "[" + x + "]");
            }
            compared++;
        }
        assertEquals(r.names().size(), compared, prefix + ": every result tensor has a reference");
    }

    @Test
    void hard_top_k() {
        check("hard-top-k", Fixtures.provider("hard"), Map.of("k", 2), Parameters.empty());
    }

    @Test
    void hard_sample() {
        check("hard-sample", Fixtures.provider("hard"), Map.of("k", 2, "mode", "sample"), Parameters.empty());
    }

    @Test
    void local_m() {
        check("local-m", Fixtures.provider("local-m"), Map.of("window", 1), Parameters.empty());
    }

    @Test
    void local_p() {
        Map<String, Tensor> p = new LinkedHashMap<>();
        p.put("variant.W_p", REF.get("W_p"));
        p.put("variant.v_p", REF.get("v_p"));
        check("local-p", Fixtures.provider("local-p"), Map.of("window", 2, "hidden", 3), Parameters.of(p));
    }

    @Test
    void area() {
        check("area", Fixtures.provider("area"), Map.of("max-width", 2), Parameters.empty());
    }
}
