package dev.attention.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code attention explain}: the pipeline tree, inputs and outputs, as text and JSON; writes nothing. */
class ExplainCommandTest {
    @TempDir
    Path dir;

    private static String example(String name) {
        return Path.of("..", "examples", name, "config.yaml").toAbsolutePath().normalize().toString();
    }

    private Cli.Result ok(String... args) {
        Cli.Result r = Cli.run(args);
        assertEquals(0, r.code(), r::toString);
        assertEquals("", r.err() + r.systemErr() + r.systemOut(), r::toString);
        return r;
    }

    @Test
    void the_text_tree_nests_alignment_and_distribution_under_the_variant_and_marks_defaults() {
        Path out = dir.resolve("never");
        List<String> lines = ok("explain", example("translation-alignment"), "--out", out.toString()).out().lines()
                .toList();
        assertTrue(lines.get(0).startsWith("translation-alignment (float64, seed 0)"), lines::toString);
        assertEquals("└─ variant cross  — ", lines.get(1).substring(0, 20), lines::toString);
        assertTrue(lines.contains("   │  ├─ causal = false  (default)") || lines.contains("   │  └─ causal = false  (default)"),
                lines::toString);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("   ├─ alignment scaled-dot  — ")), lines::toString);
        assertTrue(lines.contains("   │  │  └─ scale = 5  (given)"), lines::toString);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("   └─ distribution softmax  — ")), lines::toString);
        assertTrue(lines.contains("      │  └─ temperature = 1.0  (default)"), lines::toString);
        assertTrue(lines.contains("├─ queries [9, 8]"), lines::toString);
        assertTrue(lines.contains("│  └─ labels from column word"), lines::toString);
        assertTrue(lines.contains("└─ weights [9, 10]  → " + out.resolve("weights.csv")), lines::toString);
        assertFalse(Files.exists(out), "explain writes nothing");
    }

    @Test
    void json_lists_learned_shapes_padding_and_output_files() throws Exception {
        String json = ok("explain", example("pooling"), "--format", "json", "--out", dir.toString()).out();
        JsonNode root = new ObjectMapper().readTree(json);
        assertEquals("pooling", root.get("name").asText());
        JsonNode variant = root.get("pipeline");
        assertEquals("pooling", variant.get("id").asText());
        JsonNode hidden = variant.get("parameters").get(0);
        assertEquals("hidden", hidden.get("name").asText());
        assertEquals(4, hidden.get("value").asInt());
        assertTrue(hidden.get("value").isNumber() && hidden.get("given").asBoolean(), hidden::toString);
        List<String> learned = new ArrayList<>();
        variant.get("learned").forEach(l -> learned.add(l.get("name").asText() + l.get("shape")));
        assertEquals(List.of("variant.u[1,4]", "variant.W[4,3]", "variant.b[1,4]"), learned);
        assertEquals("dot", variant.get("alignment").get("id").asText());
        JsonNode temperature = variant.get("distribution").get("parameters").get(0);
        assertFalse(temperature.get("given").asBoolean());
        assertEquals(1.0, temperature.get("value").asDouble());
        JsonNode sequence = root.get("inputs").get(0);
        assertEquals("[2,3,3]", sequence.get("shape").toString());
        assertEquals("[3,2]", sequence.get("lengths").toString());
        assertEquals("review", sequence.get("group").asText());
        assertTrue(sequence.get("source").asText().endsWith("reviews.csv"));
        JsonNode weights = root.get("outputs").get("tensors").get(1);
        assertEquals("weights", weights.get("name").asText());
        assertEquals(dir.resolve("weights.csv").toString(), weights.get("file").asText());
    }

    /** A version 1.0 .npy file: the header padded with spaces to a multiple of 64, then the raw bytes. */
    private Path npy(String name, String descr, String shape, byte[] data) throws Exception {
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
        int pad = 64 - (10 + dict.length() + 1) % 64;
        String header = dict + " ".repeat(pad % 64) + "\n";
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        b.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        b.write(header.length() & 0xff);
        b.write(header.length() >> 8);
        b.write(header.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        b.write(data);
        return Files.write(dir.resolve(name), b.toByteArray());
    }

    @Test
    void mask_inputs_are_listed_with_file_dtype_shape_and_what_they_map_to() throws Exception {
        Path kpm = npy("kpm.npy", "|b1", "(1, 3)", new byte[] {0, 1, 0});
        java.nio.ByteBuffer f = java.nio.ByteBuffer.allocate(24).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (float v : new float[] {0, -1, 0, Float.NEGATIVE_INFINITY, 0, 0.5f}) {
            f.putFloat(v);
        }
        Path bias = npy("bias.npy", "<f4", "(2, 3)", f.array());
        Path lengths = npy("lengths.npy", "<i8", "(1,)", new byte[] {3, 0, 0, 0, 0, 0, 0, 0});
        Path config = Files.writeString(dir.resolve("masked.yaml"), String.join("\n",
                "name: masked",
                "pipeline: {variant: global, alignment: dot, distribution: softmax}",
                "inputs:",
                "  queries: {data: [[1, 0], [0, 1]]}",
                "  keys: {data: [[1, 0], [0, 1], [1, 1]]}",
                "  values: {data: [[1], [2], [3]]}",
                "  key_lengths: " + lengths,
                "  key_padding_mask: " + kpm,
                "  attn_mask: " + bias, ""));
        Path out = dir.resolve("never");
        List<String> lines = ok("explain", config.toString(), "--out", out.toString()).out().lines().toList();
        int at = lines.indexOf("masks");
        assertTrue(at > lines.indexOf("inputs") && at < lines.indexOf("outputs (written to " + out + " as csv)"),
                lines::toString);
        assertEquals(List.of("├─ key_lengths [1] <i8", "│  ├─ from " + lengths, "│  └─ → lengths of 'keys' and 'values'",
                "├─ key_padding_mask [1, 3] |b1", "│  ├─ from " + kpm, "│  └─ → key mask (true = ignore the key)",
                "└─ attn_mask [2, 3] <f4", "   ├─ from " + bias, "   └─ → score bias (added to the scores)"),
                lines.subList(at + 1, at + 10));

        JsonNode root = new ObjectMapper().readTree(ok("explain", config.toString(), "--format", "json", "--out",
                out.toString()).out());
        assertEquals(List.of("queries", "keys", "values"), names(root.get("inputs")));
        JsonNode masks = root.get("masks");
        assertEquals(List.of("key_lengths", "key_padding_mask", "attn_mask"), names(masks));
        assertEquals("|b1", masks.get(1).get("dtype").asText());
        assertEquals("[1,3]", masks.get(1).get("shape").toString());
        assertEquals(kpm.toString(), masks.get(1).get("source").asText());
        assertEquals("score bias (added to the scores)", masks.get(2).get("mapsTo").asText());
        assertFalse(Files.exists(out), "explain writes nothing");
    }

    @Test
    void a_variant_that_composes_no_alignment_or_distribution_says_so_and_shows_neither() throws Exception {
        Path config = Files.writeString(dir.resolve("memory.yaml"), String.join("\n",
                "name: memory",
                "pipeline: {variant: {id: active-memory, steps: 2}, alignment: dot, distribution: softmax}",
                "inputs:",
                "  sequence: {data: [[1, 0], [0, 1], [1, 1]]}", ""));
        List<String> lines = ok("explain", config.toString(), "--out", dir.toString()).out().lines().toList();
        assertTrue(lines.get(1).startsWith("└─ variant active-memory  — "), lines::toString);
        assertTrue(lines.contains("   └─ uses no alignment or distribution (a configured one is ignored)"),
                lines::toString);
        assertFalse(lines.stream().anyMatch(l -> l.contains("alignment dot") || l.contains("distribution softmax")),
                lines::toString);
        JsonNode variant = new ObjectMapper().readTree(ok("explain", config.toString(), "--format", "json", "--out",
                dir.toString()).out()).get("pipeline");
        assertFalse(variant.has("alignment") || variant.has("distribution"), variant::toString);
        assertTrue(lines.contains("└─ output [3, 2]  → " + dir.resolve("output.csv")), lines::toString);
    }

    private static List<String> names(JsonNode array) {
        List<String> names = new ArrayList<>();
        array.forEach(n -> names.add(n.get("name").asText()));
        return names;
    }

    @Test
    void nested_inputs_show_every_group_column_outermost_first() throws Exception {
        List<String> lines = ok("explain", example("multilevel"), "--out", dir.toString()).out().lines().toList();
        assertTrue(lines.contains("   └─ batch elements by columns document, sentence, outermost first"
                + " (nested, padded per level, masked)"), lines::toString);
        JsonNode sequence = new ObjectMapper().readTree(ok("explain", example("multilevel"), "--format", "json",
                "--out", dir.toString()).out()).get("inputs").get(0);
        assertEquals("[\"document\",\"sentence\"]", sequence.get("group").toString());
    }

    @Test
    void a_bad_config_is_explained_as_run_would_refuse_it() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.yaml"), "pipeline: {alignment: dott}\n");
        Cli.Result r = Cli.run("explain", bad.toString());
        assertEquals(1, r.code(), r::toString);
        assertTrue(r.err().contains("did you mean 'dot'?"), r::toString);
    }

    @Test
    void explain_reports_whether_the_output_folder_holds_a_whole_set() throws Exception {
        Path out = dir.resolve("out");
        String config = example("translation-alignment");
        ok("run", config, "--out", out.toString());
        String whole = ok("explain", config, "--out", out.toString()).out();
        assertTrue(whole.contains("now there: whole set in " + out.toAbsolutePath() + ": output.csv, weights.csv"), whole);

        // A file changed after the commit (or one of another run put beside it) is reported.
        Files.writeString(out.resolve("weights.csv"), "query,key_0\n0,1.0\n");
        String mixed = ok("explain", config, "--out", out.toString()).out();
        assertTrue(mixed.contains("now there, NOT A WHOLE SET: mixed or damaged set in " + out.toAbsolutePath()
                + ": weights.csv is not the file the manifest lists"), mixed);
        JsonNode json = new ObjectMapper().readTree(ok("explain", config, "--format", "json", "--out", out.toString()).out());
        assertFalse(json.get("outputs").get("existing").get("whole").asBoolean(), json::toString);
    }
}
