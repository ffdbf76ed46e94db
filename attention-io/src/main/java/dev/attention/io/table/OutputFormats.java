package dev.attention.io.table;

import static org.apiguardian.api.API.Status.MAINTAINED;

import dev.attention.api.ConfigException;
import dev.attention.io.util.Suggestions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * The output formats by id: an open set, looked up by name, never switched on. Immutable.
 */
@API(status = MAINTAINED)
public final class OutputFormats {
    private static final OutputFormats BUILT_IN = of(List.of(new CsvFormat(), new JsonFormat(),
            new NpyOutputFormat(), new SafetensorsOutputFormat()));

    private final Map<String, OutputFormat> byId;

    private OutputFormats(Map<String, OutputFormat> byId) {
        this.byId = byId;
    }

    /** The formats the engine ships: {@code csv} (the default), {@code json}, {@code npy} and {@code safetensors}. */
    public static OutputFormats builtIn() {
        return BUILT_IN;
    }

    /**
     * These formats, first one the default.
     *
     * @throws IllegalArgumentException when two share an id (both classes are named) or there are none
     */
    public static OutputFormats of(List<? extends OutputFormat> formats) {
        if (formats.isEmpty()) {
            throw new IllegalArgumentException("no output formats");
        }
        Map<String, OutputFormat> byId = new LinkedHashMap<>();
        for (OutputFormat f : formats) {
            OutputFormat before = byId.putIfAbsent(f.id(), f);
            if (before != null) {
                throw new IllegalArgumentException("two output formats have the id '" + f.id() + "': "
                        + before.getClass().getName() + " and " + f.getClass().getName());
            }
        }
        return new OutputFormats(byId);
    }

    /** The ids, default first. */
    public List<String> ids() {
        return new ArrayList<>(byId.keySet());
    }

    /** The format a config gets without {@code output.format}. */
    public OutputFormat defaultFormat() {
        return byId.values().iterator().next();
    }

    /**
     * The format {@code id}.
     *
     * @throws ConfigException naming the known ids and the nearest one, when there is none
     */
    public OutputFormat get(String id) {
        OutputFormat f = byId.get(id);
        if (f == null) {
            throw new ConfigException(null, 0, 0, "output.format", "unknown format '" + id + "'", fix(id));
        }
        return f;
    }

    /** Whether {@code id} names a format. */
    public boolean has(String id) {
        return byId.containsKey(id);
    }

    /** The fix for an unknown id: the known ones, and the nearest when one is close. */
    public String fix(String id) {
        List<String> ids = ids();
        String known = ids.size() == 1 ? ids.get(0)
                : String.join(", ", ids.subList(0, ids.size() - 1)) + " or " + ids.get(ids.size() - 1);
        return Suggestions.didYouMean(id, byId.keySet()) + "use " + known;
    }
}
