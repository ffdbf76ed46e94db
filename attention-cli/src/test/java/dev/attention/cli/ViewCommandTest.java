package dev.attention.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run --view} and {@code attention view} without a browser: which files are written where,
 * the embedded numbers against {@code weights.csv}, and the usage errors ({@code ViewBrowserIT}
 * checks the page in Chromium).
 */
class ViewCommandTest {
    private static final String SEED = Path.of("..", "examples", "seed-figure-1", "config.yaml").toAbsolutePath()
            .normalize().toString();

    @TempDir
    Path dir;

    private static JsonNode data(Path page) throws Exception {
        String html = Files.readString(page);
        int start = html.indexOf("<script id=\"view-data\" type=\"application/json\">");
        int from = html.indexOf('>', start) + 1;
        return new ObjectMapper().readTree(html.substring(from, html.indexOf("</script>", from)));
    }

    @Test
    void aPageInTheOutputFolderJoinsItsSet() throws Exception {
        Path out = dir.resolve("out");
        Cli.Result r = Cli.run("run", SEED, "--out", out.toString(), "--view", out.resolve("view.html").toString());
        assertEquals(0, r.code(), r::toString);
        assertTrue(Files.readString(out.resolve(".attention-manifest")).contains("view.html"), r::toString);
        // the embedded weights are weights.csv's text: query 1's row
        String[] row = Files.readAllLines(out.resolve("weights.csv")).get(2).split(",");
        JsonNode w = data(out.resolve("view.html")).at("/panels/0/w/1");
        for (int j = 0; j < w.size(); j++) {
            assertEquals(row[j + 1], w.get(j).asText());
        }
        assertTrue(data(out.resolve("view.html")).get("explain").asText().contains("alignment dot"));
        // explain still sees a whole set
        Cli.Result e = Cli.run("explain", SEED, "--out", out.toString());
        assertTrue(e.out().contains("whole set"), e::toString);
    }

    @Test
    void viewMakesThePageBesideTheFolder() throws Exception {
        Path out = dir.resolve("seed");
        assertEquals(0, Cli.run("run", SEED, "--out", out.toString()).code());
        Cli.Result r = Cli.run("view", out.toString());
        assertEquals(0, r.code(), r::toString);
        Path page = dir.resolve("seed.html");
        assertTrue(r.out().contains("wrote " + page), r::toString);
        assertEquals(Files.readAllLines(out.resolve("weights.csv")).get(3).split(",")[4],
                data(page).at("/panels/0/w/2/3").asText());
    }

    @Test
    void badRequestsGetOneLine() throws Exception {
        Cli.Result png = Cli.run("run", SEED, "--out", dir.resolve("o").toString(), "--view",
                dir.resolve("v.png").toString());
        assertEquals(2, png.code(), png::toString);
        assertTrue(png.err().contains("--view " + dir.resolve("v.png") + ": name the page .html"), png::toString);
        Cli.Result none = Cli.run("view", dir.resolve("missing").toString());
        assertEquals(1, none.code(), none::toString);
        assertEquals(1, none.errLines().size(), none::toString);
        assertTrue(none.err().contains("is not a folder"), none::toString);
        Path out = dir.resolve("seed");
        assertEquals(0, Cli.run("run", SEED, "--out", out.toString()).code());
        Cli.Result inside = Cli.run("view", out.toString(), "--out", out.resolve("v.html").toString());
        assertEquals(1, inside.code(), inside::toString);
        assertTrue(inside.err().contains("write the page beside it"), inside::toString);
        assertFalse(Files.exists(out.resolve("v.html")));
    }

    @Test
    void multilevelLinksSentencesToTheirWordPanels() throws Exception {
        Path out = dir.resolve("multilevel");
        String config = Path.of("..", "examples", "multilevel", "config.yaml").toAbsolutePath().normalize().toString();
        Cli.Result r = Cli.run("run", config, "--out", out.toString(), "--view", out.resolve("view.html").toString());
        assertEquals(0, r.code(), r::toString);
        JsonNode d = data(out.resolve("view.html"));
        // 2 documents × 3 sentences (documents.csv): column s of document e's panel → word panel 2 + 3e + s
        StringBuilder want = new StringBuilder("[");
        for (int e = 0; e < 2; e++) {
            for (int s = 0; s < 3; s++) {
                want.append(want.length() > 1 ? "," : "").append('[').append(e).append(',').append(s).append(',')
                        .append(2 + 3 * e + s).append(']');
            }
        }
        assertEquals(want.append(']').toString(), d.get("links").toString());
        // word panel 2 + 3 + 1 (d2's second sentence) holds weights_level1.csv's batch 4
        String[] row = Files.readAllLines(out.resolve("weights_level1.csv")).get(5).split(",");
        assertEquals("4", row[0]);
        for (int j = 0; j < 3; j++) {
            assertEquals(row[j + 2], d.at("/panels/6/w/0/" + j).asText());
        }
    }
}
