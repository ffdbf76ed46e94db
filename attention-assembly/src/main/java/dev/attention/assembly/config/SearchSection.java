package dev.attention.assembly.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the {@code search:} section strictly. Grammar:
 * <pre>{@code
 * search:
 *   alignment: [dot, gaussian]            # per slot: a list of plugin ids (or one id)
 *   parameters:
 *     softmax.temperature: [0.5, 1, 2]    # <plugin-id>.<parameter>: a list of values …
 *     gaussian.sigma: {log-uniform: [0.1, 10], samples: 4}   # … or a range, uniform or log-uniform
 *   strategy: grid                         # grid | random | {id: random, trials: 30}
 *   folds: 5
 *   seed: 0
 *   threads: 4
 * }</pre>
 */
final class SearchSection {
    static final Set<String> KEYS = Set.of("variant", "alignment", "distribution", "parameters", "strategy", "folds",
            "seed", "threads");
    static final List<String> SLOTS = List.of("variant", "alignment", "distribution");
    private static final Set<String> RANGE = Set.of("uniform", "log-uniform", "samples");
    private static final String LIST_OR_RANGE = "a list of values, e.g. [0.5, 1, 2], or a range,"
            + " e.g. {uniform: [0.2, 2]} or {log-uniform: [0.1, 10], samples: 5}";

    private SearchSection() {
    }

    static SearchConfig read(ConfigNode node) {
        Fields f = Fields.of(node, "the search options").allowOnly(KEYS);
        Map<String, Position> positions = new LinkedHashMap<>();
        f.node().entries().forEach((k, v) -> positions.put(k, v.position()));
        Map<String, List<SearchConfig.Id>> slots = new LinkedHashMap<>();
        for (String slot : SLOTS) {
            f.get(slot).ifPresent(n -> slots.put(slot, ids(n)));
        }
        Map<String, SearchConfig.Range> parameters = new LinkedHashMap<>();
        f.get("parameters").ifPresent(n -> Fields.of(n, "parameter ranges (<plugin-id>.<parameter>: values)")
                .node().entries().forEach((k, v) -> parameters.put(qualified(k, v), range(v))));

        String strategy = SearchConfig.GRID;
        int trials = 0;
        Optional<ConfigNode> s = f.get("strategy");
        if (s.isPresent()) {
            ConfigNode sn = s.get();
            ConfigNode idNode = sn;
            Optional<ConfigNode> trialsNode = Optional.empty();
            if (!(sn instanceof ConfigNode.ScalarNode)) {
                Fields sf = Fields.of(sn, "a strategy: grid, random or {id: random, trials: 30}")
                        .allowOnly(Set.of("id", "trials"));
                idNode = sf.require("id", "id: random");
                trialsNode = sf.get("trials");
            }
            strategy = Fields.scalar(idNode, String.class, "grid or random");
            if (!strategy.equals(SearchConfig.GRID) && !strategy.equals(SearchConfig.RANDOM)) {
                throw idNode.error("unknown strategy '" + strategy + "'", "use grid or {id: random, trials: 30}");
            }
            if (strategy.equals(SearchConfig.GRID) && trialsNode.isPresent()) {
                throw trialsNode.get().error("grid tries every combination; 'trials' is for random search",
                        "remove trials, or use {id: random, trials: N}");
            }
            if (strategy.equals(SearchConfig.RANDOM)) {
                ConfigNode tn = trialsNode.orElseThrow(() -> sn.error("random search needs a trial budget",
                        "strategy: {id: random, trials: 30}"));
                trials = positiveInt(tn, "trials", 1);
            }
        }
        int folds = f.get("folds").map(n -> positiveInt(n, "folds", 2)).orElse(5);
        Optional<Long> seed = f.integer("seed");
        int threads = f.get("threads").map(n -> positiveInt(n, "threads", 1)).orElse(0);
        return new SearchConfig(slots, parameters, strategy, trials, folds, seed, threads, positions,
                node.position());
    }

    private static List<SearchConfig.Id> ids(ConfigNode n) {
        List<ConfigNode> items = n instanceof ConfigNode.ScalarNode ? List.of(n)
                : Fields.list(n, "a list of plugin ids, e.g. [dot, gaussian]");
        if (items.isEmpty()) {
            throw n.error("no candidates listed", "list at least one plugin id, or leave the key out to keep the"
                    + " pipeline's choice");
        }
        List<SearchConfig.Id> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (ConfigNode item : items) {
            String id = Fields.scalar(item, String.class, "a plugin id");
            if (id.isBlank()) {
                throw item.error("plugin id is blank", "run 'attention plugins' to list the ids");
            }
            if (!seen.add(id)) {
                throw item.error("'" + id + "' is listed twice", "list each candidate once");
            }
            out.add(new SearchConfig.Id(id, item.position()));
        }
        return out;
    }

    /** {@code <plugin-id>.<parameter>}, both parts non-empty. */
    private static String qualified(String key, ConfigNode at) {
        int dot = key.indexOf('.');
        if (dot <= 0 || dot == key.length() - 1) {
            throw at.error("'" + key + "' does not name a plugin parameter",
                    "write <plugin-id>.<parameter>, e.g. softmax.temperature");
        }
        return key;
    }

    private static SearchConfig.Range range(ConfigNode n) {
        if (n instanceof ConfigNode.ListNode) {
            List<Object> values = new ArrayList<>();
            for (ConfigNode item : ((ConfigNode.ListNode) n).items()) {
                Object v = item instanceof ConfigNode.ScalarNode ? ((ConfigNode.ScalarNode) item).value() : null;
                if (v == null) {
                    throw item.error("expected a number, true/false or text, got " + item.kind(), null);
                }
                if (values.stream().anyMatch(x -> same(x, v))) {
                    throw item.error("value " + v + " is listed twice", "list each value once");
                }
                values.add(v);
            }
            if (values.isEmpty()) {
                throw n.error("no values listed", LIST_OR_RANGE);
            }
            return new SearchConfig.Values(values, n.position());
        }
        if (!(n instanceof ConfigNode.MapNode)) {
            throw n.error("expected " + LIST_OR_RANGE + ", got " + n.kind(), "a single value is a list of one: [v]");
        }
        Fields f = Fields.of(n, LIST_OR_RANGE).allowOnly(RANGE);
        Optional<ConfigNode> uniform = f.get("uniform");
        Optional<ConfigNode> log = f.get("log-uniform");
        if (uniform.isPresent() == log.isPresent()) {
            throw n.error("a range needs exactly one of 'uniform' and 'log-uniform'", "e.g. {uniform: [0.2, 2]}");
        }
        ConfigNode bounds = uniform.orElseGet(log::get);
        List<ConfigNode> ends = Fields.list(bounds, "[low, high]");
        if (ends.size() != 2) {
            throw bounds.error("a range has two ends, got " + ends.size(), "e.g. [0.1, 10]");
        }
        double low = finite(ends.get(0));
        double high = finite(ends.get(1));
        if (!(low < high)) {
            throw bounds.error("the low end " + low + " is not below the high end " + high, "write [low, high]");
        }
        if (log.isPresent() && low <= 0) {
            throw bounds.error("log-uniform needs a positive low end, got " + low, "e.g. [0.01, 10]");
        }
        int samples = f.get("samples").map(x -> positiveInt(x, "samples", 2)).orElse(0);
        return new SearchConfig.Interval(log.isPresent(), low, high, samples, n.position());
    }

    private static boolean same(Object a, Object b) {
        if (a instanceof Number && b instanceof Number) {
            return ((Number) a).doubleValue() == ((Number) b).doubleValue();
        }
        return a.equals(b);
    }

    private static double finite(ConfigNode n) {
        double v = Fields.scalar(n, Number.class, "a number").doubleValue();
        if (!Double.isFinite(v)) {
            throw n.error("expected a finite number, got " + v, null);
        }
        return v;
    }

    private static int positiveInt(ConfigNode n, String key, int min) {
        long v = Fields.scalar(n, Long.class, "a whole number");
        if (v < min || v > 1_000_000) {
            throw n.error(key + " must be between " + min + " and 1000000, got " + v, null);
        }
        return (int) v;
    }
}
