package dev.attention.assembly.config;

import dev.attention.api.ConfigException;
import dev.attention.api.DType;
import dev.attention.io.table.OutputFormats;
import dev.attention.io.tensor.TensorFiles;
import dev.attention.io.tensor.TensorFormat;
import dev.attention.io.util.Limits;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a YAML ({@code .yaml}, {@code .yml}) or JSON ({@code .json}) configuration strictly: unknown
 * keys and wrong types are {@link ConfigException}s with file, line, column and key. Plugin ids and
 * parameters are checked later against the registry, with the positions recorded here.
 */
public final class ConfigLoader {
    /** The inputs that are masks and lengths, not data (applied by the engine's MaskInputs). */
    public static final Set<String> MASK_INPUTS = Set.of("key_lengths", "query_lengths", "key_padding_mask",
            "attention_mask", "attn_mask", "segments", "cu_seqlens");
    static final Set<String> TOP = Set.of("name", "seed", "dtype", "pipeline", "inputs", "output", "parameters",
            "fit", "search", "plugins");
    static final Set<String> PIPELINE = Set.of("variant", "alignment", "distribution", "levels");
    static final Set<String> INPUT = Set.of("file", "columns", "header", "group", "tensor", "data", "labels",
            "layout", "patches", "axes");
    /** Keys that only make sense with {@code layout: image}. */
    private static final List<String> IMAGE_ONLY = List.of("patches", "axes");
    /** Keys that only make sense for CSV files. */
    private static final List<String> CSV_ONLY = List.of("columns", "header", "group", "labels");
    static final Set<String> OUTPUT = Set.of("weights", "format", "dir");
    /** The formats {@code output.format} may name. */
    private static final OutputFormats FORMATS = OutputFormats.builtIn();

    /** Default plugin ids when the pipeline section leaves one out: the transformer's choice. */
    public static final String DEFAULT_VARIANT = "global";
    public static final String DEFAULT_ALIGNMENT = "scaled-dot";
    public static final String DEFAULT_DISTRIBUTION = "softmax";

    /** Loads and structurally validates {@code file}. */
    public JobConfig load(Path file) {
        ConfigNode root = read(file);
        Path dir = file.toAbsolutePath().getParent();
        pluginDir(root, dir);
        return bind(root, Optional.of(file), dir);
    }

    /**
     * The {@code plugins:} folder of a config (relative to the config file), read before an engine
     * exists because the engine's plugins depend on it; empty when the config names none.
     */
    public Optional<Path> pluginDir(Path file) {
        return pluginDir(read(file), file.toAbsolutePath().getParent());
    }

    private static Optional<Path> pluginDir(ConfigNode root, Path dir) {
        if (!(root instanceof ConfigNode.MapNode)) {
            return Optional.empty();
        }
        ConfigNode n = ((ConfigNode.MapNode) root).entries().get("plugins");
        if (n == null) {
            return Optional.empty();
        }
        String folder = Fields.scalar(n, String.class, "a folder of plugin jars");
        if (folder.isBlank()) {
            throw n.error("plugin folder is blank", "name the folder that holds the plugin jars");
        }
        return Optional.of(dir.resolve(folder));
    }

    private static ConfigNode read(Path file) {
        String shown = file.toString();
        String lower = shown.toLowerCase(Locale.ROOT);
        boolean json = lower.endsWith(".json");
        if (!json && !lower.endsWith(".yaml") && !lower.endsWith(".yml")) {
            throw new ConfigException(shown, 0, 0, null, "unsupported config file type",
                    "name it .yaml, .yml or .json");
        }
        if (Files.isDirectory(file)) {
            // Reading a folder fails inside the YAML parser, which would report it as malformed YAML.
            throw new ConfigException(shown, 0, 0, null, "config path is a folder, not a file",
                    "give the .yaml, .yml or .json file");
        }
        ConfigNode root;
        try {
            // Refused from its size alone: the parser would spend minutes and gigabytes before its own cap.
            long size = Files.size(file);
            if (size > Limits.CONFIG_BYTES.value()) {
                throw new ConfigException(shown, 0, 0, null, Limits.CONFIG_BYTES.over("config file of " + size
                        + " bytes"), null);
            }
        } catch (NoSuchFileException e) {
            throw new ConfigException(shown, 0, 0, null, "config file not found", "check the path");
        } catch (IOException e) {
            // Reading reports the reason below.
        }
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            root = TreeReader.read(shown, r, json);
        } catch (NoSuchFileException e) {
            throw new ConfigException(shown, 0, 0, null, "config file not found", "check the path");
        } catch (AccessDeniedException e) {
            throw new ConfigException(shown, 0, 0, null, "config file is not readable", "check its permissions");
        } catch (MalformedInputException e) {
            throw new ConfigException(shown, 0, 0, null, "config file is not UTF-8 text", null);
        } catch (IOException e) {
            throw new ConfigException(shown, 0, 0, null, "cannot read config: " + e.getMessage(), null);
        }
        return root;
    }

    static JobConfig bind(ConfigNode root, Optional<Path> file, Path baseDir) {
        Fields top = Fields.of(root, "a configuration").allowOnly(TOP);
        String defaultName = file.map(f -> {
            String n = f.getFileName().toString();
            return n.contains(".") ? n.substring(0, n.lastIndexOf('.')) : n;
        }).orElse("pipeline");
        String name = top.string("name").orElse(defaultName);
        long seed = top.integer("seed").orElse(0L);

        Fields pipeline = Fields.of(top.require("pipeline",
                "pipeline: {variant: global, alignment: scaled-dot, distribution: softmax}"), "the pipeline")
                .allowOnly(PIPELINE);
        ComponentConfig variant = component(pipeline, "variant", DEFAULT_VARIANT);
        ComponentConfig alignment = component(pipeline, "alignment", DEFAULT_ALIGNMENT);
        ComponentConfig distribution = component(pipeline, "distribution", DEFAULT_DISTRIBUTION);
        List<LevelConfig> levels = new ArrayList<>();
        Optional<ConfigNode> levelsNode = pipeline.get("levels");
        levelsNode.ifPresent(n -> {
            List<ConfigNode> items = Fields.list(n,
                    "a list of levels, innermost first: [{alignment: additive, distribution: softmax}, ...]");
            if (items.isEmpty()) {
                throw n.error("levels is empty", "give one level per level of nesting, or remove it");
            }
            for (int k = 0; k < items.size(); k++) {
                levels.add(level("pipeline.levels[" + (k + 1) + "]", items.get(k), alignment, distribution));
            }
        });

        Map<String, InputConfig> inputs = new LinkedHashMap<>();
        top.get("inputs").ifPresent(n -> Fields.of(n, "the inputs (name: source)").node().entries()
                .forEach((k, v) -> inputs.put(k, input(k, v, baseDir))));

        DType dtype = top.get("dtype").map(ConfigLoader::dtype).orElseGet(() -> defaultDtype(inputs));
        OutputConfig output = top.get("output").map(n -> output(n, baseDir)).orElse(OutputConfig.DEFAULT);
        Position inputsAt = top.get("inputs").orElse(root).position();
        Position levelsAt = levelsNode.orElse(pipeline.node()).position();
        Optional<ParametersSource> parameters = top.get("parameters").map(n -> ParametersSection.read(n, baseDir));
        Optional<FitConfig> fit = top.get("fit").map(n -> FitSection.read(n, baseDir));
        Optional<SearchConfig> search = top.get("search").map(SearchSection::read);
        return new JobConfig(file, name, seed, dtype, variant, alignment, distribution, inputs, output, inputsAt,
                parameters, fit, levels, levelsAt, search);
    }

    /**
     * Without {@code dtype:}, float32 when every data input (masks and integer files aside) is a
     * tensor file stored as float32, as a PyTorch user's .npy files are; float64 otherwise (CSV,
     * inline, float64 files, only integer files). Integer files (a graph's edges) have no float type to
     * vote with.
     */
    static DType defaultDtype(Map<String, InputConfig> inputs) {
        List<InputConfig> data = inputs.values().stream().filter(ic -> !MASK_INPUTS.contains(ic.name()))
                .filter(ic -> ic.file().isEmpty() || !TensorFiles.storesIntegers(ic.file().get(), ic.tensor()))
                .toList();
        boolean float32 = !data.isEmpty() && data.stream().allMatch(ic -> ic.file().isPresent()
                && TensorFiles.readsAs(ic.file().get(), ic.tensor()).equals(Optional.of(DType.FLOAT32)));
        return float32 ? DType.FLOAT32 : DType.FLOAT64;
    }

    private static DType dtype(ConfigNode n) {
        String s = Fields.scalar(n, String.class, "float32 or float64");
        try {
            return DType.fromId(s);
        } catch (IllegalArgumentException e) {
            throw n.error("unknown dtype '" + s + "'", "use float32 or float64");
        }
    }

    private static ComponentConfig component(Fields pipeline, String kind, String defaultId) {
        String key = "pipeline." + kind;
        Optional<ConfigNode> node = pipeline.get(kind);
        if (node.isEmpty()) {
            return new ComponentConfig(key, defaultId, Map.of(), Map.of(), pipeline.node().position());
        }
        return component(key, node.get());
    }

    /**
     * One level: {@code alignment} and {@code distribution} like the pipeline's (inherited when left
     * out); every other key overrides a variant parameter, checked later against the variant.
     */
    private static LevelConfig level(String key, ConfigNode n, ComponentConfig alignment,
            ComponentConfig distribution) {
        Fields f = Fields.of(n, "a level {alignment: ..., distribution: ..., <variant parameter>: ...}");
        ComponentConfig a = f.get("alignment").map(x -> component(key + ".alignment", x))
                .orElse(new ComponentConfig(key + ".alignment", alignment.id(), alignment.parameters(),
                        alignment.positions(), alignment.position()));
        ComponentConfig d = f.get("distribution").map(x -> component(key + ".distribution", x))
                .orElse(new ComponentConfig(key + ".distribution", distribution.id(), distribution.parameters(),
                        distribution.positions(), distribution.position()));
        Map<String, Object> params = new LinkedHashMap<>();
        Map<String, Position> positions = new LinkedHashMap<>();
        f.node().entries().forEach((k, v) -> {
            if (k.equals("alignment") || k.equals("distribution")) {
                return;
            }
            params.put(k, parameter(v));
            positions.put(k, v.position());
        });
        return new LevelConfig(key, a, d, params, positions, n.position());
    }

    private static Object parameter(ConfigNode v) {
        if (!(v instanceof ConfigNode.ScalarNode) || ((ConfigNode.ScalarNode) v).value() == null) {
            throw v.error("a parameter takes one value (number, true/false or text), got " + v.kind(), null);
        }
        return ((ConfigNode.ScalarNode) v).value();
    }

    private static ComponentConfig component(String key, ConfigNode n) {
        if (n instanceof ConfigNode.ScalarNode) {
            return new ComponentConfig(key, id(n), Map.of(), Map.of(), n.position());
        }
        Fields f = Fields.of(n, "a plugin id or {id: ..., <parameter>: ...}");
        ConfigNode idNode = f.require("id", "id: <plugin id>");
        String id = id(idNode);
        Map<String, Object> params = new LinkedHashMap<>();
        Map<String, Position> positions = new LinkedHashMap<>();
        f.node().entries().forEach((k, v) -> {
            if (k.equals("id")) {
                return;
            }
            params.put(k, parameter(v));
            positions.put(k, v.position());
        });
        // Errors about the plugin itself (unknown id, missing parameter) point at its id.
        return new ComponentConfig(key, id, params, positions, idNode.position());
    }

    private static String id(ConfigNode n) {
        String id = Fields.scalar(n, String.class, "a plugin id");
        if (id.isBlank()) {
            throw n.error("plugin id is blank", "run 'attention plugins' to list the ids");
        }
        return id;
    }

    static InputConfig input(String name, ConfigNode n, Path baseDir) {
        if (n instanceof ConfigNode.ScalarNode) {
            String file = Fields.scalar(n, String.class, "a file name or {file: ..., columns: [...]}");
            return new InputConfig(name, Optional.of(baseDir.resolve(file)), List.of(), true, Optional.empty(),
                    Optional.empty(), n.position());
        }
        Fields f = Fields.of(n, "an input source {file: ..., columns: [...]}").allowOnly(INPUT);
        Optional<ConfigNode> data = f.get("data");
        Optional<String> file = f.string("file");
        if (data.isPresent() == file.isPresent()) {
            throw n.error("input '" + name + "' needs exactly one of 'file' and 'data'",
                    "file: data.csv (with columns: [...]) or data: [[1.0], [2.0]]");
        }
        if (data.isPresent()) {
            for (String k : List.of("columns", "header", "group", "tensor", "labels")) {
                f.get(k).ifPresent(x -> {
                    throw x.error("'" + k + "' applies to files, not inline data", "remove it");
                });
            }
            notAnImage(f, "inline data");
            return new InputConfig(name, Optional.empty(), List.of(), false, Optional.empty(),
                    Optional.of(inline(data.get())), n.position());
        }
        Optional<TensorFormat> format = TensorFormat.of(file.get());
        if (format.isPresent()) {
            return tensorFile(name, n, f, baseDir.resolve(file.get()), format.get());
        }
        f.get("tensor").ifPresent(x -> {
            throw x.error("'tensor' applies to .safetensors files, not '" + file.get() + "'",
                    "remove it, or choose CSV columns with columns: [...]");
        });
        notAnImage(f, "CSV file '" + file.get() + "'");
        List<Object> columns = new ArrayList<>();
        f.get("columns").ifPresent(c -> {
            List<ConfigNode> items = c instanceof ConfigNode.ScalarNode ? List.of(c)
                    : Fields.list(c, "a list of column names or 0-based indices");
            for (ConfigNode item : items) {
                columns.add(column(item));
            }
        });
        boolean header = f.bool("header").orElse(true);
        List<String> groups = f.get("group").map(ConfigLoader::groups).orElse(List.of());
        Optional<String> group = groups.stream().findFirst();
        Optional<Object> labels = f.get("labels").map(ConfigLoader::column);
        if (!header) {
            for (Object c : columns) {
                if (c instanceof String) {
                    throw f.get("columns").get().error("column '" + c + "' named but the file has no header",
                            "use 0-based indices or set header: true");
                }
            }
            if (labels.isPresent() && labels.get() instanceof String) {
                throw f.get("labels").get().error("label column '" + labels.get() + "' named but the file has no header",
                        "use a 0-based index or set header: true");
            }
        }
        return new InputConfig(name, Optional.of(baseDir.resolve(file.get())), columns, header, group,
                Optional.empty(), Optional.empty(), n.position(), labels, groups);
    }

    /** {@code group: doc} or, for nested data, {@code group: [document, sentence]} (outermost first). */
    private static List<String> groups(ConfigNode n) {
        if (n instanceof ConfigNode.ScalarNode) {
            return List.of(Fields.scalar(n, String.class, "a column name or a list of them"));
        }
        List<ConfigNode> items = Fields.list(n, "a group column or a list of them, outermost first");
        if (items.isEmpty()) {
            throw n.error("group is an empty list", "name one column, or a list such as [document, sentence]");
        }
        List<String> out = new ArrayList<>();
        for (ConfigNode item : items) {
            String g = Fields.scalar(item, String.class, "a column name");
            if (out.contains(g)) {
                throw item.error("group column '" + g + "' is listed twice", "list each column once");
            }
            out.add(g);
        }
        return out;
    }

    /** A column by name (String) or 0-based index (Integer). */
    private static Object column(ConfigNode item) {
        Object v = item instanceof ConfigNode.ScalarNode ? ((ConfigNode.ScalarNode) item).value() : null;
        if (v instanceof String) {
            return v;
        } else if (v instanceof Long && (Long) v >= 0 && (Long) v < Integer.MAX_VALUE) {
            return ((Long) v).intValue();
        }
        throw item.error("expected a column name or a 0-based index, got " + item.kind(), null);
    }

    /** A .npy or .safetensors source: the CSV keys do not apply, and only safetensors has named tensors. */
    private static InputConfig tensorFile(String name, ConfigNode n, Fields f, Path file, TensorFormat format) {
        for (String k : CSV_ONLY) {
            f.get(k).ifPresent(x -> {
                throw x.error("'" + k + "' applies to CSV files, not " + format.extension() + " files",
                        "remove it; the file's array is loaded whole");
            });
        }
        Optional<String> tensor = f.string("tensor");
        if (tensor.isPresent() && !format.holdsNamedTensors()) {
            throw f.get("tensor").get().error("'tensor' applies to .safetensors files; a " + format.extension()
                    + " file holds one array", "remove it");
        }
        return new InputConfig(name, Optional.of(file), List.of(), false, Optional.empty(), tensor, Optional.empty(),
                n.position(), Optional.empty(), List.of(), image(f));
    }

    /** {@code layout: image} with its {@code patches} and {@code axes}; empty without {@code layout}. */
    private static Optional<ImageLayout> image(Fields f) {
        Optional<ConfigNode> layout = f.get("layout");
        if (layout.isEmpty()) {
            for (String k : IMAGE_ONLY) {
                f.get(k).ifPresent(x -> {
                    throw x.error("'" + k + "' applies to image inputs", "add layout: image (the file then holds"
                            + " [batch, height, width, channels]), or remove " + k);
                });
            }
            return Optional.empty();
        }
        String kind = Fields.scalar(layout.get(), String.class, "a layout name");
        if (!kind.equals("image")) {
            throw layout.get().error("unknown layout '" + kind + "'", "layout: image is the one layout; leave it out"
                    + " for the array's usual meaning [batch…, rows, cols]");
        }
        Optional<ConfigNode> patchesNode = f.get("patches");
        long patches = f.integer("patches").orElse(1L);
        if (patches < 1 || patches > Integer.MAX_VALUE) {
            throw patchesNode.get().error("patches must be a whole number ≥ 1, got " + patches,
                    "give the patch side p (p×p pixels per position), e.g. patches: 4");
        }
        ImageLayout.Axes axes = ImageLayout.Axes.GRID;
        Optional<ConfigNode> axesNode = f.get("axes");
        if (axesNode.isPresent()) {
            String a = Fields.scalar(axesNode.get(), String.class, "grid, rows or columns");
            try {
                axes = ImageLayout.Axes.valueOf(a.toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw axesNode.get().error("unknown axes '" + a + "'", "choose grid (every position with every"
                        + " other), rows (each row its own sequence) or columns");
            }
        }
        return Optional.of(new ImageLayout((int) patches, axes, layout.get().position(),
                patchesNode.map(ConfigNode::position).orElse(layout.get().position())));
    }

    /** Refuses the image keys on a source that cannot hold a 4-D array. */
    private static void notAnImage(Fields f, String what) {
        for (String k : List.of("layout", "patches", "axes")) {
            f.get(k).ifPresent(x -> {
                throw x.error("'" + k + "' applies to .npy and .safetensors files holding [batch, height, width,"
                        + " channels], not " + what, "store the images with numpy.save, or remove " + k);
            });
        }
    }

    private static double[][] inline(ConfigNode n) {
        List<ConfigNode> rows = Fields.list(n, "a list of rows, e.g. [[1.0, 2.0], [3.0, 4.0]]");
        if (rows.isEmpty()) {
            throw n.error("inline data has no rows", "give at least one row");
        }
        double[][] out = new double[rows.size()][];
        for (int i = 0; i < rows.size(); i++) {
            List<ConfigNode> cells = Fields.list(rows.get(i), "a row: a list of numbers");
            if (i > 0 && cells.size() != out[0].length) {
                throw rows.get(i).error("row has " + cells.size() + " values, the first row has " + out[0].length,
                        "give every row the same width");
            }
            out[i] = new double[cells.size()];
            for (int j = 0; j < cells.size(); j++) {
                Object v = cells.get(j) instanceof ConfigNode.ScalarNode
                        ? ((ConfigNode.ScalarNode) cells.get(j)).value() : null;
                if (!(v instanceof Number) || !Double.isFinite(((Number) v).doubleValue())) {
                    throw cells.get(j).error("expected a finite number, got " + cells.get(j).kind(), null);
                }
                out[i][j] = ((Number) v).doubleValue();
            }
        }
        return out;
    }

    private static OutputConfig output(ConfigNode n, Path baseDir) {
        Fields f = Fields.of(n, "the output options").allowOnly(OUTPUT);
        boolean weights = f.bool("weights").orElse(true);
        String format = f.string("format").orElse(FORMATS.defaultFormat().id());
        if (!FORMATS.has(format)) {
            throw f.get("format").get().error("unknown format '" + format + "'", FORMATS.fix(format));
        }
        Optional<Path> dir = f.string("dir").map(baseDir::resolve);
        return new OutputConfig(weights, format, dir);
    }
}
