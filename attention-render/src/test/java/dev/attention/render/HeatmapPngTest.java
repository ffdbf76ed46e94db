package dev.attention.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The PNG decodes, has the layout's size, and its brightest cell is the largest weight. */
class HeatmapPngTest {
    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    static BufferedImage decode(byte[] png) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertNotNull(image, "ImageIO reads the PNG back");
        return image;
    }

    /** The cell's colour, sampled off-centre so value text and marks do not disturb it. */
    static int cellRgb(BufferedImage image, HeatmapLayout l, int panel, int i, int j) {
        return image.getRGB(l.cellsX(panel) + j * l.cell + 2, l.cellsY(panel) + i * l.cell + 2) & 0xffffff;
    }

    /** {panel, row, column} of the brightest cell. */
    static int[] brightest(BufferedImage image, Heatmap h) {
        HeatmapLayout l = new HeatmapLayout(h);
        int[] best = null;
        double lum = -1;
        for (int k = 0; k < h.panels().size(); k++) {
            HeatmapPanel p = h.panels().get(k);
            for (int i = 0; i < p.rows(); i++) {
                for (int j = 0; j < p.columns(); j++) {
                    double y = ColourScale.luminance(cellRgb(image, l, k, i, j));
                    if (y > lum) {
                        lum = y;
                        best = new int[] {k, i, j};
                    }
                }
            }
        }
        return best;
    }

    @Test
    void size_and_brightest_cell() throws IOException {
        double[][] w = {{0.1, 0.2, 0.3, 0.4}, {0.25, 0.25, 0.25, 0.25}, {0.05, 0.8, 0.1, 0.05}};
        Heatmap h = Heatmap.builder("test").panel(HeatmapPanel.of("", w)).build();
        BufferedImage image = decode(HeatmapFiles.png(h));
        HeatmapLayout l = new HeatmapLayout(h);
        assertEquals(l.width, image.getWidth());
        assertEquals(l.height, image.getHeight());
        assertArrayEquals(new int[] {0, 2, 1}, brightest(image, h));
        // Colours follow the shared scale exactly: cells are drawn without smoothing.
        assertEquals(new ColourScale(h.low(), h.high()).rgb(0.4), cellRgb(image, l, 0, 0, 3));
    }

    @Test
    void the_scale_is_shared_so_the_brightest_cell_may_be_in_any_panel() throws IOException {
        Heatmap h = Heatmap.builder("batched")
                .panel(HeatmapPanel.of("batch 0", new double[][] {{0.6, 0.4}, {0.5, 0.5}}))
                .panel(HeatmapPanel.of("batch 1", new double[][] {{0.1, 0.9}, {0.3, 0.7}}))
                .build();
        assertArrayEquals(new int[] {1, 0, 1}, brightest(decode(HeatmapFiles.png(h)), h));
    }

    @Test
    void many_keys_shrink_the_cells_and_thin_the_tick_labels() throws IOException {
        double[][] w = new double[50][300];
        w[17][211] = 1;
        Heatmap h = Heatmap.builder("wide").panel(HeatmapPanel.of("", w)).build();
        HeatmapLayout l = new HeatmapLayout(h);
        assertEquals(1, l.cell);
        BufferedImage image = decode(HeatmapFiles.png(h));
        assertEquals(l.width, image.getWidth());
        assertEquals(ColourScale.ramp(1), image.getRGB(l.cellsX(0) + 211, l.cellsY(0) + 17) & 0xffffff);
        assertTrue(l.columnStride > 1, "every label would overlap its neighbours");
    }
}
