package dev.attention.cli;

import dev.attention.api.AttentionResult;
import dev.attention.core.AttentionEngine;
import dev.attention.core.OutputCheck;
import dev.attention.core.Job;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code attention explain CONFIG}: the assembled pipeline, its inputs and outputs, as a tree. */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = {"Show the pipeline CONFIG assembles: variant → alignment and distribution with their ids, "
                + "parameter values (given or default) and learned tensors; the inputs with files, columns and "
                + "shapes; the mask inputs (file, dtype, shape, what they map to: lengths, key mask or score bias); "
                + "the outputs and the files run writes. Writes nothing.",
            "Variants do not declare their outputs, so explain runs the pipeline once on the loaded inputs "
                + "to report them."})
final class ExplainCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    ConfigFile config;

    @Option(names = "--format", paramLabel = "FORMAT", description = "text (a tree, default) or json.")
    Format format = Format.text;

    @Mixin
    OutputDir out;

    enum Format { text, json }

    @Override
    public Integer call() {
        AttentionEngine engine = config.engine();
        Job job = engine.load(config.path());
        AttentionResult result = engine.run(job);
        OutputTarget target = OutputTarget.of(job, out, null);
        OutputCheck existing = engine.checkOutput(target.dir());
        Explanation e = Explanation.of(job, engine.plugins(), result, target,
                existing.exists() ? Optional.of(existing) : Optional.empty());
        PrintWriter w = spec.commandLine().getOut();
        if (format == Format.json) {
            ExplanationJson.write(e, w);
        } else {
            ExplanationText.print(e, w);
        }
        w.flush();
        return 0;
    }
}
