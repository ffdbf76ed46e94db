package dev.attention.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import javax.imageio.ImageIO;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * {@code run --heatmap}: the toy translation example drawn as SVG and PNG. Both formats share one
 * layout, so the SVG's cell rectangles say where to look in the PNG.
 */
class HeatmapCommandTest {
    private static final Path EXAMPLE = Path.of("..", "examples", "translation-alignment", "config.yaml")
            .toAbsolutePath().normalize();

    @TempDir
    Path dir;

    private record Cell(int x, int y, int row, int col, double value) {
    }

    private Cli.Result run(String picture) {
        Cli.Result r = Cli.run("run", EXAMPLE.toString(), "--out", dir.resolve("out").toString(), "--heatmap",
                dir.resolve(picture).toString());
        assertEquals(0, r.code(), r::toString);
        assertEquals("", r.err() + r.systemErr() + r.systemOut(), r::toString);
        assertTrue(r.out().contains("wrote " + dir.resolve(picture)), r::toString);
        return r;
    }

    private static Document parse(Path svg) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(svg.toFile());
    }

    private static List<Cell> cells(Document d) {
        List<Cell> out = new ArrayList<>();
        NodeList rects = d.getElementsByTagName("rect");
        for (int k = 0; k < rects.getLength(); k++) {
            Element e = (Element) rects.item(k);
            if (e.getAttribute("class").equals("cell")) {
                out.add(new Cell(Integer.parseInt(e.getAttribute("x")), Integer.parseInt(e.getAttribute("y")),
                        Integer.parseInt(e.getAttribute("data-row")), Integer.parseInt(e.getAttribute("data-col")),
                        Double.parseDouble(e.getAttribute("data-value"))));
            }
        }
        return out;
    }

    private static List<String> texts(Document d) {
        NodeList nodes = d.getElementsByTagName("text");
        List<String> out = new ArrayList<>();
        for (int k = 0; k < nodes.getLength(); k++) {
            out.add(nodes.item(k).getTextContent());
        }
        return out;
    }

    @Test
    void the_translation_example_draws_the_alignment_with_words_on_both_axes() throws Exception {
        run("alignment.svg");
        Document svg = parse(dir.resolve("alignment.svg"));
        List<Cell> cells = cells(svg);
        assertEquals(9 * 10, cells.size(), "9 English words × 10 French words");
        List<String> texts = texts(svg);
        assertTrue(texts.contains("translation-alignment — cross / scaled-dot / softmax"), texts::toString);
        assertTrue(texts.containsAll(List.of("European", "Economic", "Area", "européenne", "économique", "zone")),
                texts::toString);
        // Each English word's largest weight is on its French counterpart; the adjectives swap.
        int[] expected = {0, 1, 2, 3, 6, 5, 4, 7, 9};
        for (int i = 0; i < expected.length; i++) {
            final int row = i;
            Cell best = cells.stream().filter(c -> c.row() == row).max(Comparator.comparingDouble(Cell::value))
                    .orElseThrow();
            assertEquals(expected[i], best.col(), "row " + i);
        }
    }

    @Test
    void the_png_has_the_same_layout_and_its_brightest_cell_is_the_largest_weight() throws Exception {
        run("alignment.svg");
        run("alignment.png");
        Document svg = parse(dir.resolve("alignment.svg"));
        BufferedImage png = ImageIO.read(dir.resolve("alignment.png").toFile());
        assertNotNull(png, "ImageIO decodes the PNG");
        assertEquals(Integer.parseInt(svg.getDocumentElement().getAttribute("width")), png.getWidth());
        assertEquals(Integer.parseInt(svg.getDocumentElement().getAttribute("height")), png.getHeight());
        List<Cell> cells = cells(svg);
        Cell largest = cells.stream().max(Comparator.comparingDouble(Cell::value)).orElseThrow();
        Cell brightest = cells.stream().max(Comparator.comparingDouble(c -> luminance(png.getRGB(c.x() + 2, c.y() + 2))))
                .orElseThrow();
        assertEquals(largest, brightest);
    }

    private static double luminance(int rgb) {
        return 0.2126 * (rgb >> 16 & 0xff) + 0.7152 * (rgb >> 8 & 0xff) + 0.0722 * (rgb & 0xff);
    }

    @Test
    void another_extension_is_a_usage_error_before_anything_runs() throws IOException {
        Cli.Result r = Cli.run("run", EXAMPLE.toString(), "--out", dir.resolve("out").toString(), "--heatmap",
                dir.resolve("alignment.jpg").toString());
        assertEquals(2, r.code(), r::toString);
        assertTrue(r.err().contains("name the picture .png or .svg"), r::toString);
        assertFalse(Files.exists(dir.resolve("out")), "nothing ran, nothing was written");
    }

    @Test
    void a_heatmap_in_the_output_folder_is_committed_in_one_set_with_the_weights() throws Exception {
        Path out = dir.resolve("out");
        Cli.Result r = Cli.run("run", EXAMPLE.toString(), "--out", out.toString(), "--heatmap",
                out.resolve("weights.svg").toString());
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("wrote " + out.toAbsolutePath().resolve("weights.svg")), r::toString);
        assertEquals(List.of(".attention-manifest", "output.csv", "weights.csv", "weights.svg"), names(out));
        String manifest = Files.readString(out.resolve(".attention-manifest"));
        assertTrue(manifest.contains(" " + Files.size(out.resolve("weights.svg")) + " weights.svg\n"), manifest);
        assertTrue(dev.attention.io.table.SetCheck.check(out).whole(), dev.attention.io.table.SetCheck.check(out).message());

        // The next run without a picture leaves no picture of the earlier weights behind.
        assertEquals(0, Cli.run("run", EXAMPLE.toString(), "--out", out.toString()).code());
        assertEquals(List.of(".attention-manifest", "output.csv", "weights.csv"), names(out));
    }

    private static List<String> names(Path folder) throws java.io.IOException {
        try (java.util.stream.Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
