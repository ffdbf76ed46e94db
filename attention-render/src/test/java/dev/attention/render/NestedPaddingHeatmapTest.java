package dev.attention.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.attention.api.AttentionInputs;
import dev.attention.api.AttentionResult;
import dev.attention.api.DType;
import dev.attention.api.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Padding cut from a nested input ({@code [D, S, T, d]}, lengths per level): a sentence-level
 * panel ({@code [D, 1, S]} weights) keeps its document's sentences, a word-level panel
 * ({@code [D·S, 1, T]}) its sentence's tokens — never the other level's lengths, even when S = T.
 */
class NestedPaddingHeatmapTest {
    // Two documents of 3 and 2 sentences; tokens per sentence 3, 1, 2 | 2, 3, (padding).
    private static final int[] SENTENCES = {3, 2};
    private static final int[] TOKENS = {3, 1, 2, 2, 3, 0};

    private static AttentionInputs nested() {
        return AttentionInputs.builder().putNested("sequence", Tensor.zeros(DType.FLOAT64, 2, 3, 3, 2),
                List.of(TOKENS, SENTENCES)).build();
    }

    private static List<Integer> columns(Heatmap h) {
        return h.panels().stream().map(p -> p.values()[0].length).toList();
    }

    @Test
    void sentence_level_panels_keep_each_documents_sentences() {
        Tensor w = Tensor.zeros(DType.FLOAT64, 2, 1, 3);
        Heatmap h = AttentionHeatmaps.of("t", AttentionResult.of(Map.of(AttentionResult.OUTPUT,
                Tensor.zeros(DType.FLOAT64, 2, 1, 2), AttentionResult.WEIGHTS, w)),
                new HeatmapContext(nested(), Map.of(), List.of()));
        assertEquals(List.of(3, 2), columns(h));
    }

    @Test
    void word_level_panels_keep_each_sentences_tokens() {
        Tensor w = Tensor.zeros(DType.FLOAT64, 6, 1, 3);
        Heatmap h = AttentionHeatmaps.of("t", AttentionResult.of(Map.of(AttentionResult.OUTPUT,
                Tensor.zeros(DType.FLOAT64, 6, 1, 2), AttentionResult.WEIGHTS, w)),
                new HeatmapContext(nested(), Map.of(), List.of()));
        assertEquals(List.of(3, 1, 2, 2, 3, 0), columns(h));
    }
}
