package dev.attention.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.AttentionException;
import dev.attention.api.AttentionResult;
import dev.attention.api.DType;
import dev.attention.api.Tensor;
import dev.attention.core.Attention;
import dev.attention.core.AttentionEngine;
import dev.attention.core.Job;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** From a job's result to panels: labels, padding cut off, marks, area spans, the panel cap. */
class AttentionHeatmapsTest {
    private static final AttentionEngine ENGINE = Attention.engine();

    @TempDir
    Path dir;

    private static Path example(String name) {
        return Path.of("..", "examples", name, "config.yaml");
    }

    private static Heatmap of(Path config) {
        Job job = ENGINE.load(config);
        return ENGINE.heatmap(job, ENGINE.run(job));
    }

    @Test
    void grouped_self_attention_is_a_panel_per_series_without_its_padding() {
        Heatmap h = of(example("self"));
        assertTrue(h.title().startsWith("self — self / scaled-dot / softmax"), h.title());
        assertEquals(2, h.panels().size());
        assertEquals("batch 0: a", h.panels().get(0).caption());
        assertEquals(4, h.panels().get(0).rows());
        assertEquals(3, h.panels().get(1).rows(), "series b has 3 steps; its padded 4th is not drawn");
        assertEquals(3, h.panels().get(1).columns());
        assertEquals("", h.note());
    }

    @Test
    void hard_attention_marks_the_chosen_keys() {
        HeatmapPanel p = of(example("hard")).panels().get(0);
        for (int i = 0; i < p.rows(); i++) {
            assertTrue(p.isMarked(i, 5) && p.isMarked(i, 4) && !p.isMarked(i, 0), "row " + i);
        }
    }

    @Test
    void area_columns_are_labelled_by_their_key_span_and_local_p_draws_centres() {
        HeatmapPanel area = of(example("area")).panels().get(0);
        assertEquals(11, area.columns());
        assertEquals(List.of("0", "1", "2", "3", "4", "5", "0–1", "1–2", "2–3", "3–4", "4–5"), area.columnLabels());
        HeatmapPanel local = of(example("local-p")).panels().get(0);
        assertTrue(Double.isFinite(local.centre(0)), "centres become diamonds");
    }

    @Test
    void labels_from_the_data_name_rows_and_columns() throws IOException {
        Files.writeString(dir.resolve("src.csv"), "word,e\nle,1\nchat,0\n");
        Files.writeString(dir.resolve("tgt.csv"), "word,e\nthe,1\ncat,0\ndog,2\n");
        Path config = Files.writeString(dir.resolve("t.yaml"), String.join("\n",
                "pipeline: {variant: cross}",
                "inputs:",
                "  queries: {file: tgt.csv, columns: [e], labels: word}",
                "  keys:    {file: src.csv, columns: [e], labels: word}",
                "  values:  {file: src.csv, columns: [e]}",
                ""));
        HeatmapPanel p = of(config).panels().get(0);
        assertEquals(List.of("the", "cat", "dog"), p.rowLabels());
        assertEquals(List.of("le", "chat"), p.columnLabels());
    }

    @Test
    void more_batch_elements_than_the_cap_are_cut_and_the_picture_says_so() {
        int count = AttentionHeatmaps.MAX_PANELS + 3;
        Tensor w = Tensor.zeros(DType.FLOAT64, count, 2, 2);
        Heatmap h = AttentionHeatmaps.of("many", AttentionResult.of(Tensor.zeros(DType.FLOAT64, count, 2, 1), w));
        assertEquals(AttentionHeatmaps.MAX_PANELS, h.panels().size());
        assertTrue(h.note().contains("first 12 of 15"), h.note());
        assertEquals(4, h.gridColumns());
    }

    @Test
    void a_later_batch_by_heads_tensor_gets_a_grid_row_per_batch_element() {
        Tensor w = Tensor.zeros(DType.FLOAT64, 2, 3, 2, 2);
        Heatmap h = AttentionHeatmaps.of("heads", AttentionResult.of(Tensor.zeros(DType.FLOAT64, 2, 3, 2, 1), w));
        assertEquals(3, h.gridColumns());
        assertEquals("batch [1, 2]", h.panels().get(5).caption());
        assertFalse(h.panels().get(0).hasMarks());
    }

    @Test
    void a_result_without_weights_cannot_be_drawn() {
        AttentionResult r = AttentionResult.of(Map.of(AttentionResult.OUTPUT, Tensor.zeros(DType.FLOAT64, 1, 1)));
        AttentionException e = assertThrows(AttentionException.class, () -> AttentionHeatmaps.of("x", r));
        assertTrue(e.getMessage().contains("no weights"), e.getMessage());
    }
}
