package dev.attention.core;

import dev.attention.api.ConfigException;
import dev.attention.api.DataException;
import dev.attention.api.Parameters;
import dev.attention.api.Pipeline;
import dev.attention.api.ShapeException;
import dev.attention.api.Tensor;
import dev.attention.core.config.ParametersFormat;
import dev.attention.core.config.ParametersSource;
import dev.attention.core.config.Position;
import dev.attention.core.fit.Head;
import dev.attention.core.fit.ParametersFile;
import dev.attention.core.tensorio.ParameterFiles;
import dev.attention.core.tensorio.TorchMultiheadAttention;
import dev.attention.core.util.Suggestions;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Applies a config's {@code parameters:} to its pipeline. Every stored tensor must name one of the
 * pipeline's parameters and have its shape, checked here before any value is used, so a file fitted
 * for other widths fails with the file, the tensor and the key instead of deep in a forward pass.
 * Values are converted to the pipeline's dtype; {@code head.*} entries become the head.
 */
final class StoredParameters {
    /** The names a PyTorch {@code nn.MultiheadAttention} fills in the multi-head variant. */
    private static final Set<String> TORCH_MHA_NAMES = Set.of("variant.W_q", "variant.W_k", "variant.W_v",
            "variant.W_o", "variant.b_q", "variant.b_k", "variant.b_v", "variant.b_o");

    /** The pipeline with the stored values, and the stored head when there is one. */
    record Applied(Pipeline pipeline, Optional<Head> head) {
    }

    private StoredParameters() {
    }

    static Applied apply(ParametersSource source, Pipeline p) {
        Map<String, Tensor> stored;
        Map<String, String> names = new LinkedHashMap<>();
        try {
            if (source.format() == ParametersFormat.TORCH_MHA) {
                TorchMultiheadAttention.Mapping m = TorchMultiheadAttention.read(source.file(), source.prefix());
                requireMultiHead(source, p, m);
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
                        + " but the pipeline's is " + ShapeException.format(current.shape()), hint(source));
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
            throw error(source, source.file() + " does not fit " + p.describe() + ": " + e.getMessage(), hint(source));
        }
    }

    /**
     * PyTorch's module is the projections alone: the pipeline must be multi-head with exactly those
     * parameters (bias as the state dict has it), or some of its values would silently stay random.
     */
    private static void requireMultiHead(ParametersSource source, Pipeline p, TorchMultiheadAttention.Mapping m) {
        Set<String> has = p.parameters().names();
        if (!has.contains("variant.W_q")) {
            throw error(source, "format torch-mha loads nn.MultiheadAttention into variant multi-head, but the"
                    + " pipeline is " + p.describe(), "set pipeline: {variant: {id: multi-head, heads: …}}");
        }
        boolean fileBias = m.parameters().names().contains("variant.b_q");
        if (fileBias != has.contains("variant.b_q")) {
            throw error(source, source.file() + (fileBias ? " has biases (in_proj_bias, out_proj.bias) but the"
                    + " pipeline has none" : " has no biases (bias=False in PyTorch) but the pipeline learns them"),
                    "set bias: " + fileBias + " on the multi-head variant");
        }
        List<String> others = has.stream().filter(n -> !TORCH_MHA_NAMES.contains(n)).sorted().toList();
        if (!others.isEmpty()) {
            throw error(source, "nn.MultiheadAttention has no values for the pipeline's " + String.join(", ", others),
                    "use alignment: scaled-dot and distribution: softmax without learned positions, as PyTorch does");
        }
    }

    private static String hint(ParametersSource source) {
        return source.format() == ParametersFormat.TORCH_MHA
                ? "E (embed_dim) must equal multi-head's dim (default: the queries' width), kdim and vdim the"
                        + " keys' and values' widths"
                : "fit this pipeline with 'attention fit' and point parameters: at its parameters.safetensors";
    }

    private static ConfigException error(ParametersSource source, String problem, String hint) {
        Position pos = source.position();
        String file = source.file().toString();
        return new ConfigException(pos.file(), pos.line(), pos.column(), "parameters",
                problem.startsWith(file) ? problem : file + ": " + problem, hint);
    }
}
