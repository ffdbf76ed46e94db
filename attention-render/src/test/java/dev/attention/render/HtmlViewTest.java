package dev.attention.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.attention.api.DType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlViewTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode data(String page) throws Exception {
        int start = page.indexOf("<script id=\"view-data\" type=\"application/json\">");
        int from = page.indexOf('>', start) + 1;
        return JSON.readTree(page.substring(from, page.indexOf("</script>", from)));
    }

    private static ViewPanel panel(String caption, String[][] cells) {
        return ViewPanel.of(caption, cells);
    }

    @Test
    void weightsAreEmbeddedAsPrintedAndThePageNeedsNoNetwork() throws Exception {
        HeatmapPanel p = new HeatmapPanel("", new double[][] {{0.1, 0.9}, {1.0 / 3, 2.0 / 3}}, List.of("a", "b"),
                List.of("x", "</script>"), null, null);
        AttentionView v = AttentionView.builder("t <b>").panel(ViewPanel.of(p, DType.FLOAT32))
                .explain("global\n  alignment: dot").build();
        String page = HtmlView.html(v, HtmlView.DEFAULT_MAX_CELLS);
        JsonNode d = data(page);
        // weights.csv prints float32 by Float.toString: 1/3 → 0.33333334
        assertEquals("0.33333334", d.at("/panels/0/w/1/0").asText());
        assertEquals("0.1", d.at("/panels/0/w/0/0").asText());
        assertEquals("</script>", d.at("/panels/0/cols/1").asText());
        assertEquals("global\n  alignment: dot", d.get("explain").asText());
        assertTrue(page.contains("<title>t &lt;b&gt;</title>"));
        assertFalse(page.contains(" src="), "no external script");
        assertFalse(page.contains("<link"), "no external style");
        assertFalse(page.contains("{{"), "every placeholder filled");
        // the shared colour range: 0 to the largest weight
        assertEquals(0.0, d.get("low").asDouble());
        assertEquals(0.9f, (float) d.get("high").asDouble());
    }

    @Test
    void float64IsPrintedInFull() {
        assertEquals("0.3333333333333333", ViewPanel.printed(1.0 / 3, DType.FLOAT64));
        assertEquals("0.33333334", ViewPanel.printed(1.0 / 3, DType.FLOAT32));
    }

    @Test
    void aPanelAboveTheLimitIsSummarised() throws Exception {
        String[][] cells = {{"0.5", "0.25", "0.25"}, {"0.0", "1.0", "0.0"}};
        AttentionView v = AttentionView.builder("big").panel(panel("", cells)).build();
        JsonNode d = data(HtmlView.html(v, 5));
        JsonNode s = d.at("/panels/0/summary");
        assertTrue(d.at("/panels/0/w").isMissingNode(), "the weights are not embedded whole");
        assertEquals(5, d.get("limit").asInt());
        // −(½ ln ½ + 2 · ¼ ln ¼) = ½ ln 2 + ln 2 = 1.5 ln 2 = 1.0397…; a one-hot row has entropy 0
        assertEquals("1.040", s.at("/entropy/0").asText());
        assertEquals("0.000", s.at("/entropy/1").asText());
        assertEquals("[0,1,2]", s.at("/topKeys/0").toString());
        assertEquals("[1,0,2]", s.at("/topKeys/1").toString());
        assertEquals("1.0", s.at("/topWeights/1/0").asText());
        assertEquals(1, s.get("rowsPerCell").asInt());
        assertEquals("0.2500", s.at("/down/0/1").asText());
    }

    @Test
    void downsamplingAveragesBlocks() {
        String[][] cells = new String[200][1];
        for (int i = 0; i < 200; i++) {
            cells[i][0] = Integer.toString(i);
        }
        PanelSummary s = new PanelSummary(panel("", cells));
        // 200 rows into at most 100 cells: blocks of 2 rows; block 0 = mean(0, 1), block 99 = mean(198, 199)
        assertEquals(2, s.rowsPerCell);
        assertEquals(100, s.downsampled.length);
        assertEquals("0.5000", s.downsampled[0][0]);
        assertEquals("198.5", s.downsampled[99][0]);
    }

    @Test
    void lossCurvesAndLeaderboardAreEmbedded() throws Exception {
        AttentionView v = AttentionView.builder("fit")
                .curves(new LossCurves(List.of(1, 2), List.of("0.5", "0.25"), Arrays.asList(null, "0.3")))
                .leaderboard(new ViewTable(List.of("rank", "mean"), List.of(List.of("1", "0.1")), "mean",
                        List.of(java.util.Map.of("alignment", "dot"))))
                .build();
        JsonNode d = data(HtmlView.html(v, 10));
        assertEquals("[1,2]", d.at("/curves/epochs").toString());
        assertTrue(d.at("/curves/heldOut/0").isNull());
        assertEquals("0.3", d.at("/curves/heldOut/1").asText());
        assertEquals("dot", d.at("/leaderboard/parameters/0/alignment").asText());
    }

    @Test
    void searchedParametersKeepTheirOrder() throws Exception {
        java.util.Map<String, String> p = new java.util.LinkedHashMap<>();
        for (String name : List.of("z", "alignment", "m", "a.sigma", "b", "distribution", "q")) {
            p.put(name, "1");
        }
        AttentionView v = AttentionView.builder("s").leaderboard(new ViewTable(List.of("mean"), List.of(List.of("1")),
                "mean", List.of(p))).build();
        List<String> names = new java.util.ArrayList<>();
        data(HtmlView.html(v, 10)).at("/leaderboard/parameters/0").fieldNames().forEachRemaining(names::add);
        assertEquals(List.copyOf(p.keySet()), names);
    }

    @Test
    void writesTheFileWhole(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sub/view.html");
        HtmlView.write(AttentionView.builder("x").panel(panel("", new String[][] {{"1.0"}})).build(), 10, file);
        assertTrue(Files.readString(file).startsWith("<!DOCTYPE html>"));
        assertTrue(HtmlView.isHtml(file));
        assertFalse(HtmlView.isHtml(dir.resolve("v.png")));
    }
}
