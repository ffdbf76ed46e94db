package dev.attention.train.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.core.Attention;
import dev.attention.core.AttentionEngine;
import dev.attention.core.Job;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The shipped example (examples/active-memory/search.yaml): active memory and attention variants on
 * one leaderboard. The target is a mean over each position's neighbours, which a convolution over
 * positions fits and content-based attention without positions cannot; active memory, which uses no
 * alignment or distribution, is tried once instead of once per (alignment, distribution) pair.
 */
class ActiveMemorySearchTest {

    @Test
    void active_memory_is_tried_once_and_wins_the_local_task() {
        Path config = Path.of("..", "examples", "active-memory", "search.yaml").toAbsolutePath().normalize();
        AttentionEngine engine = Attention.engine();
        Job job = engine.load(config);
        SearchResult r = engine.search(job, SearchListener.NONE, 2);
        List<Trial> scored = r.leaderboard().stream().filter(Trial::ok).toList();
        // 1 active-memory + 2 × 2 for self and for multi-head.
        assertEquals(9, r.leaderboard().size(), r.leaderboard()::toString);
        assertEquals(1, scored.stream().filter(t -> t.candidate().variant().id().equals("active-memory")).count());
        assertEquals("active-memory", scored.get(0).candidate().variant().id(), scored::toString);
        // Predicting 0 scores about 0.3 (the target's variance); the best attention stays above 0.1.
        assertTrue(scored.get(0).mean() < 0.05, scored.get(0)::toString);
        assertTrue(scored.get(1).mean() > 2 * scored.get(0).mean(), scored::toString);
    }
}
