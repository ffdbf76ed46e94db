package dev.attention.assembly.config;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the {@code parameters:} key: a file name, or {@code {file, format, prefix}}. A format other
 * than {@code attention} is an import the pipeline's variant declares, so only its spelling is checked
 * here; the engine resolves it with the pipeline.
 */
final class ParametersSection {
    static final Set<String> KEYS = Set.of("file", "format", "prefix");
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
        return checked(new ParametersSource(file, format, prefix, node.position(), formatAt, prefixAt), fileNode);
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
