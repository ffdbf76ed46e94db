package dev.attention.assembly.config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads the {@code fit:} section strictly: unknown keys and ids name the nearest valid one. */
final class FitSection {
    static final Set<String> KEYS = Set.of("loss", "optimizer", "epochs", "batch-size", "validation-split",
            "early-stopping", "schedule", "clip-norm", "init", "head", "leave-one-out", "seed", "targets", "train-mask");
    static final Set<String> LOSSES = Set.of("mse", "cross-entropy");
    /** Each choice's ids and the numeric settings each id takes. */
    static final Map<String, Set<String>> OPTIMIZERS = Map.of(
            "sgd", Set.of("lr", "momentum"),
            "adam", Set.of("lr", "beta1", "beta2", "eps", "weight-decay"));
    static final Map<String, Set<String>> SCHEDULES = Map.of(
            "constant", Set.of(),
            "step", Set.of("step-size", "gamma"),
            "cosine", Set.of("total-epochs", "min-lr"));
    static final Map<String, Set<String>> INITS = Map.of(
            "keep", Set.of(), "xavier", Set.of(), "he", Set.of(), "constant", Set.of("value"));

    private FitSection() {
    }

    static FitConfig read(ConfigNode node, Path baseDir) {
        Fields f = Fields.of(node, "the fit options").allowOnly(KEYS);
        Map<String, Position> positions = new LinkedHashMap<>();
        f.node().entries().forEach((k, v) -> positions.put(k, v.position()));
        String loss = f.string("loss").orElse("mse");
        if (!LOSSES.contains(loss)) {
            throw f.get("loss").get().error("unknown loss '" + loss + "'", hint(loss, LOSSES.stream().sorted().toList()));
        }
        FitConfig.Choice optimizer = f.get("optimizer").map(n -> choice(n, OPTIMIZERS, "an optimizer"))
                .orElse(new FitConfig.Choice("adam", Map.of(), Map.of(), f.node().position()));
        FitConfig.Choice schedule = f.get("schedule").map(n -> choice(n, SCHEDULES, "a schedule"))
                .orElse(new FitConfig.Choice("constant", Map.of(), Map.of(), f.node().position()));
        FitConfig.Choice init = f.get("init").map(n -> choice(n, INITS, "an init scheme"))
                .orElse(new FitConfig.Choice("keep", Map.of(), Map.of(), f.node().position()));
        Optional<FitConfig.Choice> early = f.get("early-stopping")
                .map(n -> settings("early-stopping", n, Set.of("patience", "min-delta")));
        long head = f.get("head").map(n -> settings("head", n, Set.of("outputs")))
                .map(c -> {
                    if (!c.values().containsKey("outputs")) {
                        throw f.get("head").get().error("head needs 'outputs'", "head: {outputs: 2}");
                    }
                    return (long) c.get("outputs", 0);
                }).orElse(0L);
        ConfigNode targets = f.require("targets", "targets: {file: train.csv, columns: [y]}");
        return new FitConfig(loss, optimizer, f.integer("epochs").orElse(100L), f.integer("batch-size").orElse(0L),
                number(f, "validation-split").orElse(0.0), early, schedule, number(f, "clip-norm").orElse(0.0), init,
                head, f.bool("leave-one-out").orElse(false), f.integer("seed"),
                ConfigLoader.input("targets", targets, baseDir),
                f.get("train-mask").map(n -> ConfigLoader.input("train-mask", n, baseDir)), positions, node.position());
    }

    /** {@code id} or {@code {id: …, <setting>: number}}. */
    private static FitConfig.Choice choice(ConfigNode n, Map<String, Set<String>> known, String what) {
        if (n instanceof ConfigNode.ScalarNode) {
            String id = Fields.scalar(n, String.class, what + " id");
            requireKnown(n, id, known);
            return new FitConfig.Choice(id, Map.of(), Map.of(), n.position());
        }
        Fields f = Fields.of(n, what + " id or {id: …, …}");
        ConfigNode idNode = f.require("id", "id: " + known.keySet().stream().sorted().findFirst().orElse(""));
        String id = Fields.scalar(idNode, String.class, what + " id");
        requireKnown(idNode, id, known);
        Set<String> allowed = new java.util.HashSet<>(known.get(id));
        allowed.add("id");
        f.allowOnly(allowed);
        return numbers(id, f, idNode.position());
    }

    /** A mapping of numeric settings. */
    private static FitConfig.Choice settings(String id, ConfigNode n, Set<String> allowed) {
        Fields f = Fields.of(n, "the " + id + " settings").allowOnly(allowed);
        return numbers(id, f, n.position());
    }

    private static FitConfig.Choice numbers(String id, Fields f, Position at) {
        Map<String, Double> values = new LinkedHashMap<>();
        Map<String, Position> positions = new LinkedHashMap<>();
        f.node().entries().forEach((k, v) -> {
            if (!k.equals("id")) {
                values.put(k, Fields.scalar(v, Number.class, "a number").doubleValue());
                positions.put(k, v.position());
            }
        });
        return new FitConfig.Choice(id, values, positions, at);
    }

    private static Optional<Double> number(Fields f, String key) {
        return f.get(key).map(n -> Fields.scalar(n, Number.class, "a number").doubleValue());
    }

    private static void requireKnown(ConfigNode n, String id, Map<String, Set<String>> known) {
        if (!known.containsKey(id)) {
            throw n.error("unknown id '" + id + "'", hint(id, known.keySet().stream().sorted().toList()));
        }
    }

    private static String hint(String given, java.util.List<String> known) {
        return dev.attention.api.UnknownName.hint(given, known);
    }
}
