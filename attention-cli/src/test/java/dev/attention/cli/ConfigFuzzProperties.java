package dev.attention.cli;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.attention.api.AttentionException;
import dev.attention.api.ConfigException;
import dev.attention.api.DataException;
import dev.attention.api.PluginException;
import dev.attention.core.Attention;
import dev.attention.core.AttentionEngine;
import dev.attention.core.Job;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Random configurations, valid and broken (keys from the real vocabulary and typos of them,
 * scalars of every type, nesting, truncated text): loading either gives a job or throws a
 * ConfigException, DataException or PluginException, and running a loaded job either succeeds or
 * throws an AttentionException. Never a NullPointerException, ClassCastException or the like.
 */
class ConfigFuzzProperties {
    private static final AttentionEngine ENGINE = Attention.engine();
    private static final Path DIR = dataDir();
    private static final AtomicInteger COUNT = new AtomicInteger();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static final List<String> KEYS = List.of("name", "seed", "dtype", "pipeline", "variant", "alignment",
            "distribution", "id", "inputs", "keys", "values", "queries", "sequence", "file", "columns", "header",
            "group", "data", "output", "weights", "format", "dir", "temperature", "k", "mode", "window", "causal",
            "alpha", "max-positions", "scale", "sigma", "hidden", "max-width", "normalize", "hard");
    private static final List<String> WORDS = List.of("global", "self", "cross", "hard", "local-m", "local-p", "area",
            "pooling", "dot", "scaled-dot", "cosine", "general", "additive", "gaussian", "laplace", "location",
            "softmax", "sigmoid", "normalize", "sparsemax", "entmax", "entmax15", "gumbel-softmax", "float32",
            "float64", "csv", "json", "train.csv", "test.csv", "missing.csv", "x", "y", "doc", "top-k", "", " ");

    private static Path dataDir() {
        try {
            Path d = Files.createTempDirectory("attention-fuzz");
            d.toFile().deleteOnExit();
            // Registered after the folder, so deleted before it (deleteOnExit runs in reverse order).
            Files.writeString(d.resolve("train.csv"), "doc,x,y\na,1,2\na,2,4\nb,3,5\nb,4,8\n").toFile().deleteOnExit();
            Files.writeString(d.resolve("test.csv"), "doc,x\na,1.5\nb,2.5\n").toFile().deleteOnExit();
            return d;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A valid config to start from, so mutations reach deep checks instead of failing at the top. */
    private static Map<String, Object> skeleton() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("name", "fuzz");
        Map<String, Object> pipeline = new LinkedHashMap<>();
        pipeline.put("variant", "global");
        pipeline.put("alignment", "scaled-dot");
        pipeline.put("distribution", new LinkedHashMap<>(Map.of("id", "softmax", "temperature", 0.5)));
        root.put("pipeline", pipeline);
        Map<String, Object> inputs = new LinkedHashMap<>();
        inputs.put("keys", new LinkedHashMap<>(Map.of("file", "train.csv", "columns", List.of("x"))));
        inputs.put("values", new LinkedHashMap<>(Map.of("file", "train.csv", "columns", List.of("y"))));
        inputs.put("queries", new LinkedHashMap<>(Map.of("file", "test.csv", "columns", List.of("x"))));
        root.put("inputs", inputs);
        root.put("output", new LinkedHashMap<>(Map.of("weights", true)));
        return root;
    }

    private static Arbitrary<String> key() {
        Arbitrary<String> typo = Combinators.combine(Arbitraries.of(KEYS), Arbitraries.integers().between(0, 20),
                Arbitraries.chars().range('a', 'z')).as((k, i, ch) -> {
                    StringBuilder sb = new StringBuilder(k);
                    sb.setCharAt(Math.min(i, k.length() - 1), ch);
                    return sb.toString();
                });
        return Arbitraries.oneOf(Arbitraries.of(KEYS), Arbitraries.of(KEYS), typo);
    }

    private static Arbitrary<Object> scalar() {
        return Arbitraries.oneOf(Arbitraries.of(WORDS).map(o -> o), Arbitraries.integers().between(-3, 20).map(o -> o),
                Arbitraries.of(0.0, -1.0, 0.5, 1.5, 1e-30, 1e30, Double.NaN, Double.POSITIVE_INFINITY).map(o -> o),
                Arbitraries.of(true, false).map(o -> o), Arbitraries.just(null),
                Arbitraries.longs().map(o -> o));
    }

    private static Arbitrary<Object> node(int depth) {
        if (depth == 0) {
            return scalar();
        }
        Arbitrary<Object> list = node(depth - 1).list().ofMaxSize(3).map(o -> o);
        Arbitrary<Object> map = Arbitraries.maps(key(), node(depth - 1)).ofMaxSize(3).map(o -> o);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, scalar()), net.jqwik.api.Tuple.of(1, list), net.jqwik.api.Tuple.of(2, map));
    }

    /** One change to the skeleton: set, add or remove the value at a random path. */
    record Mutation(List<String> path, boolean remove, Object value) {
    }

    @Provide
    Arbitrary<List<Mutation>> mutations() {
        Arbitrary<Mutation> m = Combinators.combine(key().list().ofMinSize(1).ofMaxSize(3),
                Arbitraries.integers().between(0, 4).map(i -> i == 0), node(2))
                .as(Mutation::new);
        return m.list().ofMaxSize(4);
    }

    @Property(tries = 600)
    void load_and_run_throw_only_our_exceptions(@ForAll("mutations") List<Mutation> changes,
            @ForAll boolean json, @ForAll("cut") int cut) throws IOException {
        Map<String, Object> config = skeleton();
        for (Mutation c : changes) {
            apply(config, c);
        }
        String text = json ? new ObjectMapper().writeValueAsString(config) : YAML.writeValueAsString(config);
        if (cut > 0 && cut < text.length()) {
            text = text.substring(0, text.length() - cut); // truncated: usually malformed
        }
        Path file = Files.writeString(DIR.resolve("c" + COUNT.incrementAndGet() + (json ? ".json" : ".yaml")), text);
        String outcome;
        try {
            Job job = ENGINE.load(file);
            try {
                ENGINE.run(job);
                outcome = "ran";
            } catch (AttentionException e) {
                outcome = "run refused";
            }
        } catch (ConfigException e) {
            outcome = "ConfigException";
        } catch (DataException e) {
            outcome = "DataException";
        } catch (PluginException e) {
            outcome = "PluginException";
        } catch (RuntimeException e) {
            fail("not one of ours for:\n" + text, e);
            return;
        } finally {
            Files.deleteIfExists(file);
        }
        Statistics.label("outcome").collect(outcome);
        Statistics.label("outcome").coverage(check -> {
            // Both halves must be exercised, or the property tests only one side.
            check.check("ran").count(c -> c > 0);
            check.check("ConfigException").count(c -> c > 0);
        });
    }

    @Provide
    Arbitrary<Integer> cut() {
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(4, Arbitraries.just(0)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(1, 80)));
    }

    @SuppressWarnings("unchecked")
    private static void apply(Map<String, Object> root, Mutation m) {
        Map<String, Object> at = root;
        for (int i = 0; i < m.path().size() - 1; i++) {
            Object next = at.get(m.path().get(i));
            if (!(next instanceof Map)) {
                next = new LinkedHashMap<String, Object>();
                at.put(m.path().get(i), next);
            }
            at = (Map<String, Object>) next;
        }
        String last = m.path().get(m.path().size() - 1);
        if (m.remove()) {
            at.remove(last);
        } else {
            at.put(last, m.value());
        }
    }
}
