package dev.attention.cli;

import dev.attention.api.AttentionResult;
import dev.attention.api.Tensor;
import dev.attention.api.spi.ParameterSpec;
import dev.attention.api.spi.PluginKind;
import dev.attention.assembly.config.ComponentConfig;
import dev.attention.assembly.config.InputConfig;
import dev.attention.assembly.plugin.PluginInfo;
import dev.attention.core.Job;
import dev.attention.core.MaskInput;
import dev.attention.core.OutputCheck;
import dev.attention.io.table.OutputFormat;
import dev.attention.io.table.OutputFormats;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code attention explain} shows: the assembled pipeline as a tree (the variant composing its
 * alignment and distribution), each with its parameter values, given or defaulted, and its learned
 * tensors; the inputs with their sources and shapes; the mask inputs with what they map to; and the tensors and files a run produces.
 */
record Explanation(String name, String config, String dtype, long seed, Component variant, List<Input> inputs,
        List<MaskInput> masks, String outputDir, String outputFormat, List<Output> outputs, Optional<OutputCheck> existing) {

    /**
     * One plugin of the pipeline; {@code parts} are the components a variant composes (without those
     * it declares it does not use).
     */
    record Component(String kind, String id, String description, List<Setting> settings, List<Learned> learned,
            List<Component> parts) {
    }

    /** A parameter's value; {@code given} when the config set it, else the plugin's default. */
    record Setting(String name, String type, Object value, boolean given) {
    }

    record Learned(String name, int[] shape) {
    }

    /** {@code groups}: the group columns, outermost first (two or more nest the rows); empty when ungrouped. */
    record Input(String name, String source, List<String> columns, Optional<String> labels, List<String> groups,
            int[] shape, Optional<int[]> lengths) {
    }

    /** A result tensor and the file run writes it to (empty when the config leaves it out). */
    record Output(String name, int[] shape, Optional<String> file) {
    }

    /**
     * @param existing what the output folder holds now, when anything was written there: a whole set,
     *                 or one reported as incomplete or mixed
     */
    static Explanation of(Job job, List<PluginInfo> plugins, AttentionResult result, OutputTarget target,
            Optional<OutputCheck> existing) {
        var c = job.config();
        Map<String, Tensor> learned = job.pipeline().parameters().asMap();
        Component alignment = component(PluginKind.ALIGNMENT, c.alignment(), plugins, learned, List.of());
        Component distribution = component(PluginKind.DISTRIBUTION, c.distribution(), plugins, learned, List.of());
        // A variant that declares it composes no alignment (distribution) shows no such part.
        PluginInfo v = info(PluginKind.VARIANT, c.variant(), plugins);
        List<Component> parts = new ArrayList<>();
        if (v.composes(PluginKind.ALIGNMENT)) {
            parts.add(alignment);
        }
        if (v.composes(PluginKind.DISTRIBUTION)) {
            parts.add(distribution);
        }
        Component variant = component(PluginKind.VARIANT, c.variant(), plugins, learned, parts);

        List<Input> inputs = new ArrayList<>();
        for (InputConfig ic : c.inputs().values()) {
            if (!job.inputs().has(ic.name())) {
                continue; // a mask input (key_padding_mask, …): applied to the others, not a tensor of its own
            }
            Tensor t = job.inputs().tensor(ic.name());
            inputs.add(new Input(ic.name(), ic.file().map(Path::toString).orElse("inline data"),
                    job.columns().getOrDefault(ic.name(), List.of()), ic.labels().map(String::valueOf), ic.groups(),
                    t.shape(), job.inputs().lengths(ic.name())));
        }
        List<Output> outputs = new ArrayList<>();
        OutputFormat format = OutputFormats.builtIn().get(target.format());
        for (String n : result.names()) {
            boolean written = !n.equals(AttentionResult.WEIGHTS) || c.output().weights();
            // The file the format writes this tensor to (json: one result.json for all).
            String file = format.files(List.of(n)).get(0);
            outputs.add(new Output(n, result.get(n).shape(),
                    written ? Optional.of(target.dir().resolve(file).toString()) : Optional.empty()));
        }
        return new Explanation(c.name(), c.file().map(Path::toString).orElse(""), c.dtype().id(), c.seed(), variant,
                inputs, job.masks(), target.dir().toString(), target.format(), outputs, existing);
    }

    private static Component component(PluginKind kind, ComponentConfig chosen, List<PluginInfo> plugins,
            Map<String, Tensor> learned, List<Component> parts) {
        PluginInfo info = info(kind, chosen, plugins);
        List<Setting> settings = new ArrayList<>();
        for (ParameterSpec s : info.parameters()) {
            Object given = chosen.parameters().get(s.name());
            Object value = given != null ? given : s.defaultValue().orElse(null);
            settings.add(new Setting(s.name(), s.type().id(), value, given != null));
        }
        // The pipeline qualifies learned names by component: alignment.W, variant.u, …
        String prefix = kind.id() + ".";
        List<Learned> own = new ArrayList<>();
        learned.forEach((n, t) -> {
            if (n.startsWith(prefix)) {
                own.add(new Learned(n, t.shape()));
            }
        });
        return new Component(kind.id(), info.id(), info.description(), settings, own, parts);
    }

    private static PluginInfo info(PluginKind kind, ComponentConfig chosen, List<PluginInfo> plugins) {
        return plugins.stream().filter(p -> p.kind() == kind && p.id().equals(chosen.id())).findFirst()
                .orElseThrow(() -> new IllegalStateException("no " + kind.id() + " '" + chosen.id() + "' after loading"));
    }

    static String shape(int[] shape) {
        return Arrays.toString(shape);
    }
}
