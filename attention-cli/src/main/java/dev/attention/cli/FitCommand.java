package dev.attention.cli;

import dev.attention.core.AttentionEngine;
import dev.attention.core.Job;
import dev.attention.train.fit.FitResult;
import dev.attention.train.fit.History;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code attention fit CONFIG}: fit the pipeline's parameters by the config's {@code fit:} section. */
@Command(name = "fit", mixinStandardHelpOptions = true,
        description = "Fit the parameters of CONFIG's pipeline (and head) to its fit.targets; write training.json,"
                + " parameters.safetensors and checkpoint.safetensors to a folder.")
final class FitCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    ConfigFile config;

    @Mixin
    OutputDir out;

    @Option(names = "--resume", paramLabel = "FILE",
            description = "Continue from the checkpoint.safetensors of an earlier fit of this config, up to its"
                    + " fit.epochs.")
    Path resume;

    @Override
    public Integer call() {
        AttentionEngine engine = config.engine();
        Job job = engine.load(config.path());
        long start = System.nanoTime();
        FitResult result = resume == null ? engine.fit(job) : engine.resume(job, resume);
        double seconds = (System.nanoTime() - start) / 1e9;
        List<Path> files = engine.writeFit(job, result, out.orConfigured(job));
        PrintWriter w = spec.commandLine().getOut();
        History.Epoch last = result.history().last();
        w.println(job.config().name() + " (" + job.pipeline().describe() + ", " + job.pipeline().dtype().id() + ")");
        w.println(String.format(Locale.ROOT, "  %d epochs in %.1f s%s; best epoch %d", last.epoch(), seconds,
                result.stoppedEarly() ? " (stopped early)" : "", result.bestEpoch()));
        w.println(String.format(Locale.ROOT, "  final train loss %.6g%s", last.trainLoss(),
                (last.hasValidation() ? String.format(Locale.ROOT, ", validation loss %.6g", last.validationLoss()) : "")
                        + (last.hasValidationAccuracy() ? String.format(Locale.ROOT, ", validation accuracy %.4g",
                                last.validationAccuracy()) : "")));
        result.parameters().asMap().forEach((name, t) -> {
            if (t.size() == 1) {
                w.println(String.format(Locale.ROOT, "  %s = %.6g", name, t.at(0)));
            }
        });
        for (Path f : files) {
            w.println("wrote " + f);
        }
        w.flush();
        return 0;
    }
}
