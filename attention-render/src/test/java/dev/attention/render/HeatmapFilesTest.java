package dev.attention.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.AttentionException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writing picks the format by extension and leaves a whole file or none. */
class HeatmapFilesTest {
    @TempDir
    Path dir;

    private static final Heatmap H = Heatmap.builder("t").panel(HeatmapPanel.of("", new double[][] {{1}})).build();

    @Test
    void writes_png_and_svg_by_extension_into_new_folders_without_leftovers() throws IOException {
        Path png = HeatmapFiles.write(H, dir.resolve("a/b/map.PNG"));
        Path svg = HeatmapFiles.write(H, dir.resolve("a/b/map.svg"));
        byte[] head = Files.readAllBytes(png);
        assertEquals((byte) 0x89, head[0]);
        assertEquals("PNG", new String(head, 1, 3, java.nio.charset.StandardCharsets.US_ASCII));
        assertTrue(Files.readString(svg).contains("<svg"));
        try (Stream<Path> files = Files.list(dir.resolve("a/b"))) {
            assertEquals(List.of("map.PNG", "map.svg"), files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void replaces_an_existing_picture() throws IOException {
        Path svg = Files.writeString(dir.resolve("map.svg"), "old");
        HeatmapFiles.write(H, svg);
        assertTrue(Files.readString(svg).startsWith("<?xml"));
    }

    @Test
    void an_unknown_extension_or_an_unwritable_place_is_an_error_and_writes_nothing() throws IOException {
        AttentionException jpg = assertThrows(AttentionException.class, () -> HeatmapFiles.write(H, dir.resolve("m.jpg")));
        assertTrue(jpg.getMessage().contains(".png or .svg"), jpg.getMessage());
        Path file = Files.writeString(dir.resolve("file"), "x");
        AttentionException under = assertThrows(AttentionException.class,
                () -> HeatmapFiles.write(H, file.resolve("m.png")));
        assertTrue(under.getMessage().contains("nothing was written"), under.getMessage());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(1, files.count());
        }
    }
}
