package dev.attention.core;

import dev.attention.api.ConfigException;
import dev.attention.api.DataException;
import dev.attention.api.Parameters;
import dev.attention.api.Pipeline;
import dev.attention.api.ShapeException;
import dev.attention.api.Tensor;
import dev.attention.api.UnknownName;
import dev.attention.api.spi.PluginKind;
import dev.attention.api.spi.TensorImport;
import dev.attention.api.spi.VariantProvider;
import dev.attention.assembly.config.ParametersSource;
import dev.attention.assembly.config.Position;
import dev.attention.assembly.plugin.PluginRegistry;
import dev.attention.io.tensor.FiniteValues;
import dev.attention.io.tensor.ParameterFiles;
import dev.attention.io.tensor.Safetensors;
import dev.attention.io.util.Suggestions;
import dev.attention.train.fit.Head;
import dev.attention.train.fit.ParametersFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Applies a config's {@code parameters:} to its pipeline. Every stored tensor must name one of the
 * pipeline's parameters and have its shape, checked here before any value is used, so a file fitted
 * for other widths fails with the file, the tensor and the key instead of deep in a forward pass.
 * Values are converted to the pipeline's dtype; {@code head.*} entries become the head.
 *
 * <p>A file of another library's names is read with the {@link TensorImport} of its format that the
 * pipeline's variant declares: the safetensors file is read here, values below the prefix must be
 * finite, and the import maps the tensors to the pipeline's names. A config's own name map
 * ({@code names:}) is applied by {@link NamedParameters}.
 */
final class StoredParameters {
    /** The pipeline with the stored values, and the stored head when there is one. */
    record Applied(Pipeline pipeline, Optional<Head> head) {
    }

    /** A format offered by some variant: for the message when the pipeline's variant does not offer it. */
    record Offer(String variant, TensorImport format) {
    }

    /**
     * The import formats the pipeline's variant offers, and where else a format is offered.
     *
     * @param variant   the pipeline's variant id
     * @param offered   its imports
     * @param elsewhere a format id → a variant that offers it, for messages
     */
    record Imports(String variant, List<TensorImport> offered, Function<String, Optional<Offer>> elsewhere) {
        Imports {
            offered = List.copyOf(offered);
        }

        /** The imports of the registry's {@code variant}, looking up other variants only when a message needs them. */
        static Imports of(PluginRegistry registry, String variant) {
            List<TensorImport> offered = registry.provider(PluginKind.VARIANT, variant, VariantProvider.class).imports()
                    .stream().map(i -> inContext(registry, variant, i)).toList();
            return new Imports(variant, offered, format -> {
                for (String id : registry.ids(PluginKind.VARIANT)) {
                    for (TensorImport i : registry.provider(PluginKind.VARIANT, id, VariantProvider.class).imports()) {
                        if (i.format().equals(format)) {
                            return Optional.of(new Offer(id, i));
                        }
                    }
                }
                return Optional.empty();
            });
        }

        /** {@code i} whose mapping runs with its plugin's context class loader, as the plugin's other calls do. */
        private static TensorImport inContext(PluginRegistry registry, String variant, TensorImport i) {
            return new TensorImport() {
                @Override
                public String format() {
                    return i.format();
                }

                @Override
                public String description() {
                    return i.description();
                }

                @Override
                public String shapeHint() {
                    return i.shapeHint();
                }

                @Override
                public Imported map(Path file, Map<String, Tensor> tensors, String prefix, Parameters pipeline) {
                    return registry.callAs(PluginKind.VARIANT, variant, () -> i.map(file, tensors, prefix, pipeline));
                }
            };
        }

        Optional<TensorImport> find(String format) {
            return offered.stream().filter(i -> i.format().equals(format)).findFirst();
        }

        List<String> formats() {
            return offered.stream().map(TensorImport::format).sorted().toList();
        }
    }

    private StoredParameters() {
    }

    static Applied apply(ParametersSource source, Pipeline p, Imports imports) {
        if (source.mapped()) {
            try {
                return new Applied(NamedParameters.apply(source, p), Optional.empty());
            } catch (DataException e) {
                Position pos = source.position();
                throw e.within("for parameters" + (pos.file() == null ? ""
                        : " at " + pos.file() + ":" + pos.line() + ":" + pos.column()));
            }
        }
        Optional<TensorImport> format = source.ownNames() ? Optional.empty()
                : Optional.of(resolve(source, p, imports));
        if (format.isEmpty() && !source.prefix().isEmpty()) {
            throw prefixError(source, imports);
        }
        Map<String, Tensor> stored;
        Map<String, String> names = new LinkedHashMap<>();
        try {
            if (format.isPresent()) {
                TensorImport.Imported m = imported(source, p, format.get());
                stored = m.parameters().asMap();
                names.putAll(m.sources());
            } else {
                boolean json = source.file().getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json");
                stored = (json ? ParametersFile.read(source.file()) : ParameterFiles.read(source.file())).asMap();
            }
        } catch (DataException e) {
            Position pos = source.position();
            throw e.within("for parameters" + (pos.file() == null ? ""
                    : " at " + pos.file() + ":" + pos.line() + ":" + pos.column()));
        }
        String hint = format.map(TensorImport::shapeHint)
                .orElse("fit this pipeline with 'attention fit' and point parameters: at its parameters.safetensors");
        Map<String, Tensor> expected = p.parameters().asMap();
        Map<String, Tensor> own = new LinkedHashMap<>();
        stored.forEach((name, t) -> {
            if (Head.owns(name)) {
                return;
            }
            String tensor = names.getOrDefault(name, name);
            Tensor current = expected.get(name);
            if (current == null) {
                throw error(source, "tensor '" + tensor + "' is not a parameter of " + p.describe(),
                        Suggestions.didYouMean(name, expected.keySet()) + "it has " + (expected.isEmpty() ? "none"
                                : String.join(", ", new TreeSet<>(expected.keySet()))));
            }
            if (!Arrays.equals(current.shape(), t.shape())) {
                throw error(source, "tensor '" + tensor + "' gives " + name + " " + ShapeException.format(t.shape())
                        + " but the pipeline's is " + ShapeException.format(current.shape()), hint);
            }
            own.put(name, t.to(p.dtype()));
        });
        Optional<Head> head = Optional.empty();
        if (stored.containsKey(Head.WEIGHT)) {
            try {
                if (!stored.containsKey(Head.BIAS)) {
                    throw error(source, "has " + Head.WEIGHT + " but no " + Head.BIAS, null);
                }
                Parameters h = Parameters.of(Map.of(Head.WEIGHT, stored.get(Head.WEIGHT), Head.BIAS,
                        stored.get(Head.BIAS)));
                head = Optional.of(Head.of(h.map((n, t) -> t.to(p.dtype()))));
            } catch (ShapeException e) {
                throw error(source, e.getMessage(), null);
            }
        }
        try {
            return new Applied(own.isEmpty() ? p : p.withParameters(Parameters.of(own)), head);
        } catch (RuntimeException e) {
            throw error(source, source.file() + " does not fit " + p.describe() + ": " + e.getMessage(), hint);
        }
    }

    /** The variant's import of the source's format, or an error saying which formats there are. */
    private static TensorImport resolve(ParametersSource source, Pipeline p, Imports imports) {
        String id = source.format();
        Optional<TensorImport> found = imports.find(id);
        if (found.isEmpty()) {
            Position at = source.formatAt();
            Optional<Offer> other = imports.elsewhere().apply(id);
            if (other.isPresent()) {
                String v = other.get().variant();
                throw new ConfigException(at.file(), at.line(), at.column(), "parameters.format", "format " + id
                        + " loads into variant " + v + ", but the pipeline is " + p.describe(), id + " is "
                                + other.get().format().description() + "; set pipeline: {variant: {id: " + v + ", …}}");
            }
            List<String> supported = new ArrayList<>();
            supported.add(ParametersSource.ATTENTION);
            supported.addAll(imports.formats());
            throw new ConfigException(at.file(), at.line(), at.column(), "parameters.format",
                    UnknownName.problem("parameters format", id), UnknownName.hint(id, supported)
                            + (imports.offered().isEmpty() ? " (variant "
                                    + imports.variant() + " imports no other format)" : ""));
        }
        TensorImport format = found.get();
        String name = source.file().getFileName().toString();
        if (!name.toLowerCase(Locale.ROOT).endsWith(Safetensors.EXTENSION)) {
            throw error(source, "format " + id + " reads a " + Safetensors.EXTENSION + " file, got '" + name + "'",
                    id + " is " + format.description());
        }
        return format;
    }

    private static ConfigException prefixError(ParametersSource source, Imports imports) {
        Position at = source.prefixAt();
        List<String> formats = imports.formats();
        if (formats.isEmpty()) {
            return new ConfigException(at.file(), at.line(), at.column(), "parameters.prefix",
                    "prefix applies to import formats only, and variant " + imports.variant() + " has none",
                    "remove prefix, or name the stored tensors with names: {…}");
        }
        return new ConfigException(at.file(), at.line(), at.column(), "parameters.prefix", "prefix applies to format: "
                + String.join(" or ", formats) + " only", "remove prefix, set format: " + formats.get(0)
                        + ", or name the stored tensors with names: {…}");
    }

    /** Reads the safetensors file and maps it; the import's configuration errors are placed at the key. */
    private static TensorImport.Imported imported(ParametersSource source, Pipeline p, TensorImport format) {
        String shown = source.file().toString();
        // Read as asked for: a preset of one layer reads that layer's tensors, not the whole model.
        Map<String, Tensor> tensors = new CheckpointTensors(source.file());
        for (String name : tensors.keySet()) {
            if (name.startsWith(source.prefix())) {
                FiniteValues.check(shown, name, tensors.get(name));
            }
        }
        try {
            return format.map(source.file(), tensors, source.prefix(), p.parameters());
        } catch (ConfigException e) {
            ConfigException placed = error(source, e.problem(), e.hint().orElse(null));
            placed.initCause(e);
            throw placed;
        }
    }

    private static ConfigException error(ParametersSource source, String problem, String hint) {
        Position pos = source.position();
        String file = source.file().toString();
        return new ConfigException(pos.file(), pos.line(), pos.column(), "parameters",
                problem.startsWith(file) ? problem : file + ": " + problem, hint);
    }
}
