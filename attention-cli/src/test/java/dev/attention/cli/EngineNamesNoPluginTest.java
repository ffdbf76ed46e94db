package dev.attention.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.assembly.plugin.PluginInfo;
import dev.attention.assembly.plugin.PluginRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The engine knows plugins by what they declare, never by their ids or parameter names: no string
 * literal in the engine's main code (attention-core and the modules it brings, attention-spark) equals one of our plugins'
 * ids, or a parameter name of ours that is not also an input name. The documented config defaults
 * are the one place that names ids. A few classes still name plugins until their declarations land
 * (listed below with what replaces them); the list may only shrink.
 */
class EngineNamesNoPluginTest {
    private static final Path[] ENGINE = Stream.of("kernel", "io", "assembly", "train", "stream", "render", "core",
            "spark").map(m -> Path.of("../attention-" + m + "/src/main/java")).toArray(Path[]::new);
    /** The documented defaults of a config: variant, alignment and distribution. */
    private static final Set<String> DEFAULTS_FILE = Set.of("dev/attention/assembly/config/ConfigLoader.java");
    /** Still naming plugins; each goes with the declaration named. */
    private static final Map<String, String> NOT_YET = Map.of();
    /** Words that are input or result names as well as parameter names: the engine binds inputs by them. */
    private static final Set<String> ALSO_INPUT_NAMES = Set.of("queries", "keys", "values", "sequence", "context",
            "output", "weights");
    /** The engine's own config vocabulary that a plugin happens to use too: the {@code inputs:} section, Adam's ε. */
    private static final Set<String> ENGINE_WORDS = Set.of("inputs", "eps");
    /**
     * Per file, words meaning something else there: fit's cosine learning-rate schedule, a checkpoint's
     * count of optimiser steps (active-memory's {@code steps} are CGRU steps).
     */
    private static final Map<String, Set<String>> OTHER_MEANING = Map.of(
            "dev/attention/core/FitSettings.java", Set.of("cosine"),
            "dev/attention/assembly/config/FitSection.java", Set.of("cosine"),
            "dev/attention/train/fit/CheckpointFile.java", Set.of("steps"));
    private static final Pattern LITERAL = Pattern.compile("\"([a-z][a-z0-9_-]*)\"");

    @Test
    void engine_code_names_no_plugin_id_or_parameter() throws IOException {
        PluginRegistry registry = PluginRegistry.discover(getClass().getClassLoader());
        Set<String> names = new TreeSet<>();
        for (PluginInfo p : registry.all()) {
            if (p.providerClass().startsWith("dev.attention.")) {
                names.add(p.id());
                p.parameters().forEach(s -> names.add(s.name()));
            }
        }
        names.removeAll(ALSO_INPUT_NAMES);
        names.removeAll(ENGINE_WORDS);
        assertTrue(names.size() > 30, "found only " + names);
        Map<String, List<String>> found = new TreeMap<>();
        int files = 0;
        for (Path root : ENGINE) {
            List<Path> sources;
            try (Stream<Path> s = Files.walk(root)) {
                sources = s.filter(p -> p.toString().endsWith(".java")).toList();
            }
            for (Path f : sources) {
                files++;
                String rel = root.relativize(f).toString().replace('\\', '/');
                if (DEFAULTS_FILE.contains(rel) || NOT_YET.containsKey(rel)) {
                    continue;
                }
                List<String> lines = Files.readAllLines(f);
                for (int i = 0; i < lines.size(); i++) {
                    String line = lines.get(i).trim();
                    if (line.startsWith("*") || line.startsWith("//") || line.startsWith("/*")) {
                        continue;
                    }
                    Matcher m = LITERAL.matcher(line);
                    while (m.find()) {
                        if (names.contains(m.group(1))
                                && !OTHER_MEANING.getOrDefault(rel, Set.of()).contains(m.group(1))) {
                            found.computeIfAbsent(rel, k -> new ArrayList<>()).add((i + 1) + ": \"" + m.group(1) + "\"");
                        }
                    }
                }
            }
        }
        assertTrue(files > 100, "scanned only " + files + " files");
        assertEquals(Map.of(), found, "plugin ids or parameter names in engine code");
    }
}
