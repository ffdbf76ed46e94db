package dev.attention.core.config;

import dev.attention.core.util.Suggestions;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** Reads the {@code parameters:} key: a file name, or {@code {file, format, prefix}}. */
final class ParametersSection {
    static final Set<String> KEYS = Set.of("file", "format", "prefix");

    private ParametersSection() {
    }

    static ParametersSource read(ConfigNode node, Path baseDir) {
        if (node instanceof ConfigNode.ScalarNode) {
            String file = Fields.scalar(node, String.class, "a parameters file (.safetensors or .json)"
                    + " or {file: …, format: attention|torch-mha}");
            return checked(new ParametersSource(baseDir.resolve(file), node.position()), node);
        }
        Fields f = Fields.of(node, "a parameters file or {file: …, format: attention|torch-mha}").allowOnly(KEYS);
        ConfigNode fileNode = f.require("file", "file: mha.safetensors");
        Path file = baseDir.resolve(Fields.scalar(fileNode, String.class, "a file name"));
        ParametersFormat format = f.get("format").map(ParametersSection::format).orElse(ParametersFormat.ATTENTION);
        String prefix = f.string("prefix").orElse("");
        if (!prefix.isEmpty() && format != ParametersFormat.TORCH_MHA) {
            throw f.get("prefix").get().error("prefix applies to format: torch-mha only",
                    "remove prefix, or set format: torch-mha");
        }
        return checked(new ParametersSource(file, format, prefix, node.position()), fileNode);
    }

    private static ParametersFormat format(ConfigNode n) {
        String id = Fields.scalar(n, String.class, "attention or torch-mha");
        Set<String> ids = Arrays.stream(ParametersFormat.values()).map(ParametersFormat::id)
                .collect(Collectors.toSet());
        return ParametersFormat.byId(id).orElseThrow(() -> n.error("unknown parameters format '" + id + "'",
                Suggestions.didYouMean(id, ids) + "supported: attention, torch-mha"));
    }

    /** The file type is the extension; a PyTorch state dict must be safetensors (pickles are not read). */
    private static ParametersSource checked(ParametersSource s, ConfigNode at) {
        String name = s.file().getFileName().toString().toLowerCase(Locale.ROOT);
        boolean safetensors = name.endsWith(".safetensors");
        if (s.format() == ParametersFormat.TORCH_MHA && !safetensors) {
            throw at.error("format torch-mha reads a .safetensors file, got '" + s.file().getFileName() + "'",
                    "in Python: from safetensors.torch import save_file; save_file(mha.state_dict(),"
                            + " \"mha.safetensors\")");
        }
        if (!safetensors && !name.endsWith(".json")) {
            throw at.error("parameters file '" + s.file().getFileName() + "' is neither .safetensors nor .json",
                    "point parameters: at the parameters.safetensors written by attention fit");
        }
        return s;
    }
}
