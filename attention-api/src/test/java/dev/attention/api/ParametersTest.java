package dev.attention.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Named parameter sets: order, qualification with prefixes, and merging. */
class ParametersTest {
    private static final Tensor A = Tensor.of(DType.FLOAT64, new int[] {1, 1}, 1);
    private static final Tensor B = Tensor.of(DType.FLOAT64, new int[] {1, 2}, 2, 3);

    private static Parameters ab() {
        LinkedHashMap<String, Tensor> m = new LinkedHashMap<>();
        m.put("W", A);
        m.put("v", B);
        return Parameters.of(m);
    }

    @Test
    void of_keeps_order_and_copies() {
        LinkedHashMap<String, Tensor> m = new LinkedHashMap<>();
        m.put("z", A);
        m.put("a", B);
        Parameters p = Parameters.of(m);
        m.clear();
        assertEquals(List.of("z", "a"), List.copyOf(p.names()));
        assertEquals(2, p.size());
        assertSame(B, p.get("a"));
        assertThrows(UnsupportedOperationException.class, () -> p.asMap().put("x", A));
    }

    @Test
    void empty_is_empty() {
        assertTrue(Parameters.empty().isEmpty());
        assertSame(Parameters.empty(), Parameters.of(Map.of()));
    }

    @Test
    void blank_or_null_names_and_null_tensors_are_refused() {
        assertThrows(IllegalArgumentException.class, () -> Parameters.of(" ", A));
        assertThrows(IllegalArgumentException.class, () -> Parameters.of("", A));
        Map<String, Tensor> nullName = new HashMap<>();
        nullName.put(null, A);
        assertThrows(IllegalArgumentException.class, () -> Parameters.of(nullName));
        Map<String, Tensor> nullTensor = new HashMap<>();
        nullTensor.put("W", null);
        assertThrows(IllegalArgumentException.class, () -> Parameters.of(nullTensor));
    }

    @Test
    void get_of_an_unknown_name_lists_the_known_ones() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ab().get("U"));
        assertTrue(e.getMessage().contains("'U'") && e.getMessage().contains("[W, v]"), e.getMessage());
        assertTrue(ab().find("U").isEmpty());
        assertSame(A, ab().find("W").orElseThrow());
    }

    @Test
    void prefixed_and_without_prefix_are_inverse() {
        Parameters q = ab().prefixed("alignment");
        assertEquals(List.of("alignment.W", "alignment.v"), List.copyOf(q.names()));
        assertEquals(ab(), q.withoutPrefix("alignment"));
    }

    @Test
    void without_prefix_selects_whole_segments_only() {
        LinkedHashMap<String, Tensor> m = new LinkedHashMap<>();
        m.put("alignment.W", A);
        m.put("alignments.W", B);
        m.put("distribution.t", B);
        Parameters p = Parameters.of(m).withoutPrefix("alignment");
        assertEquals(List.of("W"), List.copyOf(p.names()));
        assertSame(A, p.get("W"));
        assertTrue(Parameters.of(m).withoutPrefix("variant").isEmpty());
    }

    @Test
    void concat_appends_and_refuses_duplicates() {
        Parameters c = ab().prefixed("alignment").concat(Parameters.of("t", A).prefixed("distribution"));
        assertEquals(List.of("alignment.W", "alignment.v", "distribution.t"), List.copyOf(c.names()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ab().concat(Parameters.of("v", A)));
        assertTrue(e.getMessage().contains("'v'"), e.getMessage());
    }

    @Test
    void map_replaces_every_tensor_and_keeps_names() {
        Parameters z = ab().map((name, t) -> Tensor.zeros(t.dtype(), t.shape()));
        assertEquals(ab().names(), z.names());
        assertEquals(Tensor.zeros(DType.FLOAT64, 1, 2), z.get("v"));
    }

    @Test
    void equality_is_by_names_and_tensors() {
        assertEquals(ab(), ab());
        assertEquals(ab().hashCode(), ab().hashCode());
        assertTrue(!ab().equals(Parameters.of("W", A)));
    }
}
