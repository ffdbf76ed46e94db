package dev.attention.assembly.config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the {@code parameters:} key: a file name, or {@code {file, format, prefix}}, or
 * {@code {file, names, prefix, partial}}. A format other than {@code attention} is an import the
 * pipeline's variant declares, so only its spelling is checked here; the engine resolves it with the
 * pipeline. A name map is an alternative to a format (it says the names itself), so the two are not
 * combined; whether its keys are the pipeline's parameters is checked with the pipeline.
 */
final class ParametersSection {
    static final Set<String> KEYS = Set.of("file", "format", "prefix", "names", "partial");
    private static final Pattern FORMAT_ID = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

    private ParametersSection() {
    }

    static ParametersSource read(ConfigNode node, Path baseDir) {
        if (node instanceof ConfigNode.ScalarNode) {
            String file = Fields.scalar(node, String.class, "a parameters file (.safetensors or .json)"
                    + " or {file: …, format: …, prefix: …}");
            return checked(new ParametersSource(baseDir.resolve(file), node.position()), node);
        }
        Fields f = Fields.of(node, "a parameters file or {file: …, format: …, prefix: …}").allowOnly(KEYS);
        ConfigNode fileNode = f.require("file", "file: mha.safetensors");
        Path file = baseDir.resolve(Fields.scalar(fileNode, String.class, "a file name"));
        String format = f.get("format").map(ParametersSection::format).orElse(ParametersSource.ATTENTION);
        String prefix = f.string("prefix").orElse("");
        Position formatAt = f.get("format").map(ConfigNode::position).orElse(node.position());
        Position prefixAt = f.get("prefix").map(ConfigNode::position).orElse(node.position());
        Map<String, ParametersSource.Named> names = f.get("names").map(ParametersSection::names).orElse(Map.of());
        if (!names.isEmpty() && f.get("format").isPresent()) {
            throw f.get("names").get().error("names and format are two ways of naming the stored tensors",
                    "keep one: names for a map of your own, or format for a variant's import");
        }
        if (f.get("partial").isPresent() && names.isEmpty()) {
            throw f.get("partial").get().error("partial applies to a name map only",
                    "remove partial, or add names: {variant.W_q: <stored tensor>, …}");
        }
        boolean partial = f.bool("partial").orElse(false);
        return checked(new ParametersSource(file, format, prefix, names, partial, node.position(), formatAt, prefixAt),
                fileNode);
    }

    /** {@code names: {variant.W_q: model.layers.0.self_attn.q_proj.weight, …}}: pipeline name → stored name. */
    private static Map<String, ParametersSource.Named> names(ConfigNode n) {
        Fields map = Fields.of(n, "names: {<pipeline parameter>: <stored tensor>, …}");
        if (map.node().entries().isEmpty()) {
            throw n.error("names is empty", "map each pipeline parameter to its stored tensor, e.g."
                    + " names: {variant.W_q: q_proj.weight}");
        }
        Map<String, ParametersSource.Named> out = new LinkedHashMap<>();
        map.node().entries().forEach((key, value) -> out.put(key, new ParametersSource.Named(
                Fields.scalar(value, String.class, "the name of a tensor in the file"), value.position())));
        return out;
    }

    private static String format(ConfigNode n) {
        String id = Fields.scalar(n, String.class, "attention or a format the variant imports");
        if (!FORMAT_ID.matcher(id).matches()) {
            throw n.error("parameters format '" + id + "' is not a format id",
                    "attention, or the id of a format the variant imports: lower-case words joined by '-'");
        }
        return id;
    }

    /**
     * The engine's own files are {@code .safetensors} or {@code .json}, told by the extension; an import
     * format's file type is checked with the format, once the pipeline's variant is known.
     */
    private static ParametersSource checked(ParametersSource s, ConfigNode at) {
        String name = s.file().getFileName().toString().toLowerCase(Locale.ROOT);
        if (s.ownNames() && !name.endsWith(".safetensors") && !name.endsWith(".json")) {
            throw at.error("parameters file '" + s.file().getFileName() + "' is neither .safetensors nor .json",
                    "point parameters: at the parameters.safetensors written by attention fit");
        }
        return s;
    }
}
