package dev.attention.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The BOM does not inherit the parent (an import must not bring our Jackson or JUnit versions), so
 * nothing but this test keeps its module list and version in step with the build.
 */
class BomTest {
    private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");
    private static final Pattern MANAGED = Pattern.compile("<artifactId>(attention-[a-z-]+)</artifactId>");
    private static final Pattern VERSION = Pattern.compile("<version>([^<$]+)</version>");

    @Test
    void the_bom_manages_every_module_at_the_build_version() throws IOException {
        String parent = Files.readString(Path.of("..", "pom.xml"));
        String bom = Files.readString(Path.of("..", "attention-bom", "pom.xml"));
        Set<String> modules = all(MODULE, parent);
        modules.remove("attention-bom");
        // benchmarks are a tool run from the source tree, not a module anyone depends on
        modules.remove("attention-benchmarks");
        assertFalse(modules.isEmpty());
        Set<String> managed = all(MANAGED, bom.substring(bom.indexOf("<dependencyManagement>")));
        assertEquals(modules, managed, "attention-bom/pom.xml manages exactly the published modules");
        assertEquals(first(VERSION, parent), first(VERSION, bom), "the BOM's version is the build's");
    }

    private static Set<String> all(Pattern p, String text) {
        Set<String> out = new TreeSet<>();
        Matcher m = p.matcher(text);
        while (m.find()) {
            out.add(m.group(1).trim());
        }
        return out;
    }

    private static String first(Pattern p, String text) {
        List<String> found = p.matcher(text).results().map(r -> r.group(1)).toList();
        return found.isEmpty() ? "" : found.get(0);
    }
}
