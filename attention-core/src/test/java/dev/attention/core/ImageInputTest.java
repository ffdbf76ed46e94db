package dev.attention.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.AttentionResult;
import dev.attention.api.ConfigException;
import dev.attention.api.DType;
import dev.attention.api.Tensor;
import dev.attention.io.tensor.Npy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code layout: image}: a [batch, height, width, channels] array becomes the sequences the config
 * asks for, checked against hand-written rearrangements of a tiny image whose every value names its
 * place ({@code 1000·b + 100·y + 10·x + c}).
 */
class ImageInputTest {
    private final AttentionEngine engine = Attention.engine();

    @TempDir
    Path dir;

    /** [b, h, w, c] with value 1000·b + 100·y + 10·x + c. */
    private static Tensor image(int b, int h, int w, int c) {
        Tensor.Builder t = Tensor.builder(DType.FLOAT64, b, h, w, c);
        int k = 0;
        for (int n = 0; n < b; n++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    for (int ch = 0; ch < c; ch++) {
                        t.set(k++, 1000 * n + 100 * y + 10 * x + ch);
                    }
                }
            }
        }
        return t.build();
    }

    private Job load(Tensor images, String inputKeys, String variant) throws IOException {
        Npy.write(dir.resolve("images.npy"), images);
        Path config = dir.resolve("job.yaml");
        Files.writeString(config, String.join("\n", "pipeline: {variant: " + variant + ", alignment: dot}",
                "inputs:", "  sequence: {file: images.npy, layout: image" + inputKeys + "}", ""));
        return engine.load(config);
    }

    @Test
    void the_grid_is_flattened_row_major() throws IOException {
        Job job = load(image(2, 2, 3, 2), "", "self");
        Tensor s = job.inputs().tensor("sequence");
        assertArrayEquals(new int[] {2, 6, 2}, s.shape());
        // position t = y·3 + x; batch 1, position 4 is (y, x) = (1, 1).
        assertEquals(1000 + 100 + 10 + 1, s.get(1, 4, 1));
        assertEquals(0 + 100 + 0 + 0, s.get(0, 3, 0));
        assertEquals(20 + 1, s.get(0, 2, 1));
    }

    @Test
    void rows_and_columns_are_each_their_own_sequence() throws IOException {
        Tensor rows = load(image(2, 2, 3, 1), ", axes: rows", "self").inputs().tensor("sequence");
        assertArrayEquals(new int[] {4, 3, 1}, rows.shape());
        assertEquals(1000 + 100 + 20, rows.get(3, 2, 0));      // batch 1, row 1, column 2
        Tensor cols = load(image(2, 2, 3, 1), ", axes: columns", "self").inputs().tensor("sequence");
        assertArrayEquals(new int[] {6, 2, 1}, cols.shape());
        assertEquals(1000 + 100 + 20, cols.get(5, 1, 0));      // batch 1, column 2, row 1
        assertEquals(10, cols.get(1, 0, 0));                    // batch 0, column 1, row 0
    }

    @Test
    void patches_become_positions_of_p_p_c_features_as_vit() throws IOException {
        Tensor s = load(image(1, 4, 6, 2), ", patches: 2", "self").inputs().tensor("sequence");
        // a 2 × 3 grid of 2×2 patches, 2·2·2 = 8 features: (dy, dx, channel) row-major.
        assertArrayEquals(new int[] {1, 6, 8}, s.shape());
        double[] patch5 = new double[8];                        // grid cell (1, 2): pixels y 2-3, x 4-5
        for (int f = 0; f < 8; f++) {
            patch5[f] = s.get(0, 5, f);
        }
        assertArrayEquals(new double[] {240, 241, 250, 251, 340, 341, 350, 351}, patch5);
        assertEquals(100 + 30 + 1, s.get(0, 1, 7));             // cell (0, 1), feature (1, 1, 1): pixel (1, 3)
    }

    @Test
    void a_pooling_run_gives_one_weight_per_grid_cell() throws IOException {
        Job job = load(image(2, 4, 4, 3), ", patches: 2", "{id: pooling, positional: sinusoidal-2d}");
        AttentionResult r = engine.run(job);
        assertArrayEquals(new int[] {2, 1, 4}, r.weights().orElseThrow().shape());
        assertArrayEquals(new int[] {2, 1, 12}, r.output().shape());
    }

    @Test
    void a_pooling_heatmap_is_drawn_over_the_image_grid() throws IOException {
        Job job = load(image(2, 4, 6, 1), ", patches: 2", "pooling");
        AttentionResult r = engine.run(job);
        Tensor w = r.weights().orElseThrow();
        dev.attention.render.Heatmap h = engine.heatmap(job, r);
        assertEquals(2, h.panels().size());
        assertEquals("grid row", h.rowAxis());
        dev.attention.render.HeatmapPanel p = h.panels().get(1);
        assertEquals(2, p.rows());
        assertEquals(3, p.columns());
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                assertEquals(w.get(1, 0, i * 3 + j), p.value(i, j), "cell " + i + ", " + j);
            }
        }
    }

    @Test
    void a_search_builds_its_candidates_with_the_image_grid() throws IOException {
        Npy.write(dir.resolve("images.npy"), image(8, 4, 4, 2));
        StringBuilder targets = new StringBuilder("label\n");
        for (int n = 0; n < 8; n++) {
            targets.append(n % 2).append('\n');
        }
        Files.writeString(dir.resolve("labels.csv"), targets.toString());
        Path config = dir.resolve("search.yaml");
        Files.writeString(config, String.join("\n", "seed: 1",
                "pipeline: {variant: {id: pooling, positional: sinusoidal-2d}, alignment: dot}",
                "inputs:", "  sequence: {file: images.npy, layout: image, patches: 2}",
                "fit: {loss: cross-entropy, head: {outputs: 2}, epochs: 2, batch-size: 4,"
                        + " targets: {file: labels.csv, columns: [label]}}",
                "search: {alignment: [dot, scaled-dot], folds: 2}", ""));
        dev.attention.train.search.SearchResult r = engine.search(engine.load(config),
                dev.attention.train.search.SearchListener.NONE, 1);
        assertEquals(2, r.leaderboard().size());
        assertTrue(r.leaderboard().stream().allMatch(dev.attention.train.search.Trial::ok), r.leaderboard()::toString);
    }

    @Test
    void a_size_the_patches_do_not_tile_is_one_line_naming_the_key_and_the_fix() throws IOException {
        ConfigException e = assertThrows(ConfigException.class, () -> load(image(1, 4, 6, 1), ", patches: 4", "self"));
        String m = e.getMessage();
        assertTrue(m.contains("job.yaml:3:") && m.contains("inputs.sequence.patches: ")
                && m.contains("images.npy holds 4×6 images (height×width), which 4×4 patches do not tile")
                && m.contains("choose a patch size dividing both 4 and 6"), m);
        assertFalse(m.contains("\n"), m);
    }

    @Test
    void an_array_that_is_not_4_d_is_one_line() throws IOException {
        ConfigException e = assertThrows(ConfigException.class,
                () -> load(Tensor.zeros(DType.FLOAT64, 2, 3, 4), "", "self"));
        String m = e.getMessage();
        assertTrue(m.contains("inputs.sequence.layout: ") && m.contains("images.npy holds a [2, 3, 4] array but"
                + " layout: image needs 4 dimensions [batch, height, width, channels]"), m);
        assertFalse(m.contains("\n"), m);
    }

    @Test
    void layout_on_a_csv_and_patches_without_layout_are_refused() throws IOException {
        Files.writeString(dir.resolve("rows.csv"), "a,b\n1,2\n");
        Path config = dir.resolve("csv.yaml");
        Files.writeString(config, "pipeline: {variant: self, alignment: dot}\ninputs:\n"
                + "  sequence: {file: rows.csv, layout: image}\n");
        ConfigException e = assertThrows(ConfigException.class, () -> engine.load(config));
        assertTrue(e.getMessage().contains("'layout' applies to .npy and .safetensors files"), e.getMessage());
        Npy.write(dir.resolve("images.npy"), image(1, 2, 2, 1));
        Files.writeString(config, "pipeline: {variant: self, alignment: dot}\ninputs:\n"
                + "  sequence: {file: images.npy, patches: 2}\n");
        e = assertThrows(ConfigException.class, () -> engine.load(config));
        assertTrue(e.getMessage().contains("'patches' applies to image inputs (add layout: image"), e.getMessage());
    }

    @Test
    void two_d_positions_need_an_image_grid() throws IOException {
        Npy.write(dir.resolve("rows.npy"), Tensor.zeros(DType.FLOAT64, 2, 4, 4));
        Path config = dir.resolve("seq.yaml");
        Files.writeString(config, "pipeline: {variant: {id: self, positional: sinusoidal-2d}, alignment: dot}\n"
                + "inputs:\n  sequence: rows.npy\n");
        ConfigException e = assertThrows(ConfigException.class, () -> engine.load(config));
        assertTrue(e.getMessage().contains("sinusoidal-2d numbers the cells of an image grid, but 'sequence' was not"
                + " read as one"), e.getMessage());
    }
}
