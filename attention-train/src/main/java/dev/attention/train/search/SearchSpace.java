package dev.attention.train.search;

import dev.attention.api.ConfigException;
import dev.attention.api.PluginException;
import dev.attention.api.spi.ParameterSpec;
import dev.attention.api.spi.ParameterType;
import dev.attention.api.spi.PluginKind;
import dev.attention.assembly.config.ComponentConfig;
import dev.attention.assembly.config.Position;
import dev.attention.assembly.config.SearchConfig;
import dev.attention.assembly.plugin.PluginInfo;
import dev.attention.assembly.plugin.PluginRegistry;
import dev.attention.io.util.Suggestions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * The candidates of a {@code search:} section, checked against the installed plugins: ids must
 * exist, parameter keys must name a declared parameter of a candidate, listed values and range ends
 * must be valid for it, and continuous ranges fit only real-valued parameters. Errors point into the
 * config. A slot the section leaves out keeps the pipeline's choice, and a candidate with the
 * pipeline's id keeps the parameters written there unless the search sets them. A variant that
 * composes no alignment (or no distribution, see {@code VariantProvider.composes()}) is tried once
 * with the pipeline's choice in that slot, which it ignores, not once per listed option.
 */
final class SearchSpace {
    /** A grid beyond this is almost surely a mistake; random search samples it instead. */
    static final int MAX_GRID = 100_000;
    /** Consecutive repeats after which random search takes the space as exhausted. */
    private static final int MAX_REDRAWS = 1_000;

    private final List<List<ComponentConfig>> slots;
    /** Searched parameters by plugin id, in file order. */
    private final Map<String, Map<String, SearchConfig.Range>> ranges;
    /** The pipeline's alignment and distribution, for the slots a variant does not use. */
    private final List<ComponentConfig> base;
    /** By variant id: the kinds (alignment, distribution) it composes. */
    private final Map<String, Set<PluginKind>> composes;

    private SearchSpace(List<List<ComponentConfig>> slots, Map<String, Map<String, SearchConfig.Range>> ranges,
            List<ComponentConfig> base, Map<String, Set<PluginKind>> composes) {
        this.slots = slots;
        this.ranges = ranges;
        this.base = base;
        this.composes = composes;
    }

    static SearchSpace of(SearchConfig search, List<ComponentConfig> base, PluginRegistry registry) {
        PluginKind[] kinds = {PluginKind.VARIANT, PluginKind.ALIGNMENT, PluginKind.DISTRIBUTION};
        List<List<ComponentConfig>> slots = new ArrayList<>();
        Map<String, PluginKind> kindOf = new LinkedHashMap<>();
        Set<String> ambiguous = new HashSet<>();
        for (int s = 0; s < kinds.length; s++) {
            ComponentConfig pipeline = base.get(s);
            List<ComponentConfig> options = new ArrayList<>();
            List<SearchConfig.Id> listed = search.slots().get(kinds[s].id());
            if (listed == null) {
                options.add(pipeline);
            } else {
                for (SearchConfig.Id id : listed) {
                    requireKnown(registry, kinds[s], id.id(), id.position(), "search." + kinds[s].id());
                    options.add(id.id().equals(pipeline.id()) ? pipeline
                            : new ComponentConfig(pipeline.key(), id.id(), Map.of(), Map.of(), id.position()));
                }
            }
            for (ComponentConfig c : options) {
                if (kindOf.containsKey(c.id()) && kindOf.get(c.id()) != kinds[s]) {
                    ambiguous.add(c.id());
                }
                kindOf.putIfAbsent(c.id(), kinds[s]);
            }
            slots.add(options);
        }

        Map<String, Map<String, SearchConfig.Range>> ranges = new LinkedHashMap<>();
        search.parameters().forEach((key, range) -> {
            Position at = range.position();
            String where = "search.parameters." + key;
            String id = key.substring(0, key.indexOf('.'));
            String name = key.substring(key.indexOf('.') + 1);
            PluginKind kind = kindOf.get(id);
            if (kind == null) {
                throw new ConfigException(at.file(), at.line(), at.column(), where, "plugin '" + id
                        + "' is not a candidate of this search", Suggestions.didYouMean(id, kindOf.keySet())
                        + "candidates: " + String.join(", ", new TreeSet<>(kindOf.keySet())));
            }
            if (ambiguous.contains(id)) {
                throw new ConfigException(at.file(), at.line(), at.column(), where, "'" + id
                        + "' is a candidate of two slots, so its parameters are ambiguous", "rename one plugin");
            }
            ParameterSpec spec = spec(registry.info(kind, id), name, at, where);
            check(spec, range, at, "search.parameters." + id, search.strategy());
            ranges.computeIfAbsent(id, k -> new LinkedHashMap<>()).put(name, range);
        });
        Map<String, Set<PluginKind>> composes = new LinkedHashMap<>();
        for (ComponentConfig v : slots.get(0)) {
            composes.put(v.id(), registry.info(PluginKind.VARIANT, v.id()).composes());
        }
        return new SearchSpace(slots, ranges, base, composes);
    }

    /** True when variant {@code v} uses slot {@code s} (1 alignment, 2 distribution). */
    private boolean uses(ComponentConfig v, int s) {
        return composes.get(v.id()).contains(s == 1 ? PluginKind.ALIGNMENT : PluginKind.DISTRIBUTION);
    }

    /** The options of slot {@code s} for {@code v}: the listed ones, or only the pipeline's when unused. */
    private List<ComponentConfig> options(ComponentConfig v, int s) {
        return uses(v, s) ? slots.get(s) : List.of(base.get(s));
    }

    /** An unused slot is not expanded over its searched parameters: the variant ignores them. */
    private List<ComponentConfig> expand(ComponentConfig v, int s, ComponentConfig c) {
        return uses(v, s) ? expand(c) : List.of(c);
    }

    private int count(ComponentConfig v, int s, ComponentConfig c) {
        return uses(v, s) ? count(c) : 1;
    }

    /** Every combination, variant first, the last-written parameter fastest. */
    List<Candidate> grid() {
        long size = 0;
        for (ComponentConfig v : slots.get(0)) {
            for (ComponentConfig a : options(v, 1)) {
                for (ComponentConfig d : options(v, 2)) {
                    size += (long) count(v) * count(v, 1, a) * count(v, 2, d);
                }
            }
        }
        if (size > MAX_GRID) {
            throw new ConfigException("search", "the grid has " + size + " combinations (more than " + MAX_GRID
                    + ")", "use strategy: {id: random, trials: N}, or list fewer values");
        }
        List<Candidate> out = new ArrayList<>();
        for (ComponentConfig v : slots.get(0)) {
            for (ComponentConfig a : options(v, 1)) {
                for (ComponentConfig d : options(v, 2)) {
                    for (ComponentConfig vv : expand(v)) {
                        for (ComponentConfig aa : expand(v, 1, a)) {
                            for (ComponentConfig dd : expand(v, 2, d)) {
                                out.add(new Candidate(vv, aa, dd));
                            }
                        }
                    }
                }
            }
        }
        return out;
    }

    /**
     * Up to {@code trials} distinct candidates drawn from {@code random}: a plugin per slot, then a
     * value per searched parameter. Draws repeat a candidate already taken are redrawn; a small space
     * ends the search early rather than scoring a candidate twice.
     */
    List<Candidate> sample(int trials, Random random) {
        List<Candidate> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        int redraws = 0;
        while (out.size() < trials && redraws < MAX_REDRAWS) {
            ComponentConfig v = draw(slots.get(0), random);
            ComponentConfig a = draw(slots.get(1), random);
            ComponentConfig d = draw(slots.get(2), random);
            Candidate c = new Candidate(v, uses(v, 1) ? a : base.get(1), uses(v, 2) ? d : base.get(2));
            if (seen.add(c.describe())) {
                out.add(c);
                redraws = 0;
            } else {
                redraws++;
            }
        }
        return out;
    }

    private ComponentConfig draw(List<ComponentConfig> options, Random random) {
        ComponentConfig c = options.get(random.nextInt(options.size()));
        Map<String, Object> values = new LinkedHashMap<>();
        ranges.getOrDefault(c.id(), Map.of()).forEach((name, range) -> values.put(name, RangeValues.draw(range, random)));
        return with(c, values);
    }

    private int count(ComponentConfig c) {
        int n = 1;
        for (SearchConfig.Range r : ranges.getOrDefault(c.id(), Map.of()).values()) {
            n *= RangeValues.grid(r).size();
        }
        return n;
    }

    /** The component once per combination of its searched parameters' values. */
    private List<ComponentConfig> expand(ComponentConfig c) {
        List<Map<String, Object>> combos = new ArrayList<>();
        combos.add(new LinkedHashMap<>());
        for (Map.Entry<String, SearchConfig.Range> e : ranges.getOrDefault(c.id(), Map.of()).entrySet()) {
            List<Map<String, Object>> next = new ArrayList<>();
            for (Map<String, Object> combo : combos) {
                for (Object v : RangeValues.grid(e.getValue())) {
                    Map<String, Object> m = new LinkedHashMap<>(combo);
                    m.put(e.getKey(), v);
                    next.add(m);
                }
            }
            combos = next;
        }
        List<ComponentConfig> out = new ArrayList<>();
        for (Map<String, Object> combo : combos) {
            out.add(with(c, combo));
        }
        return out;
    }

    /** {@code c} with {@code values} set over its own parameters (positions point at the search's values). */
    private ComponentConfig with(ComponentConfig c, Map<String, Object> values) {
        if (values.isEmpty()) {
            return c;
        }
        Map<String, Object> params = new LinkedHashMap<>(c.parameters());
        params.putAll(values);
        Map<String, Position> positions = new LinkedHashMap<>(c.positions());
        values.keySet().forEach(k -> positions.put(k, ranges.get(c.id()).get(k).position()));
        return new ComponentConfig(c.key(), c.id(), params, positions, c.position());
    }

    private static void requireKnown(PluginRegistry registry, PluginKind kind, String id, Position at, String key) {
        try {
            registry.info(kind, id);
        } catch (PluginException e) {
            throw new ConfigException(at.file(), at.line(), at.column(), key, registry.unknownMessage(kind, id),
                    "run 'attention plugins' to list the ids");
        }
    }

    private static ParameterSpec spec(PluginInfo info, String name, Position at, String where) {
        Optional<ParameterSpec> spec = info.parameters().stream().filter(p -> p.name().equals(name)).findFirst();
        if (spec.isEmpty()) {
            List<String> names = info.parameters().stream().map(ParameterSpec::name).sorted().toList();
            throw new ConfigException(at.file(), at.line(), at.column(), where, info.kind().id() + " '" + info.id()
                    + "' has no parameter '" + name + "'", names.isEmpty() ? "it takes no parameters"
                    : Suggestions.didYouMean(name, names) + "it takes: " + String.join(", ", names));
        }
        return spec.get();
    }

    /** @param prefix the key up to the plugin id; errors name the parameter under it */
    private static void check(ParameterSpec spec, SearchConfig.Range range, Position at, String prefix,
            String strategy) {
        try {
            if (range instanceof SearchConfig.Values v) {
                v.values().forEach(spec::convert);
                return;
            }
            SearchConfig.Interval r = (SearchConfig.Interval) range;
            if (spec.type() != ParameterType.DOUBLE) {
                throw new ConfigException(spec.name(), "takes " + spec.type().id() + " values; a " + r.describe()
                        + " range fits real-valued parameters only", "list its values, e.g. [1, 2, 4]");
            }
            if (r.samples() == 0 && strategy.equals(SearchConfig.GRID)) {
                throw new ConfigException(spec.name(), "a grid cannot try every value of the continuous range "
                        + r.describe(), "add samples: N to try N evenly spaced values, or use strategy:"
                        + " {id: random, trials: N}");
            }
            spec.convert(r.low());
            spec.convert(r.high());
        } catch (ConfigException e) {
            throw e.at(at.file(), at.line(), at.column(), prefix);
        }
    }
}
