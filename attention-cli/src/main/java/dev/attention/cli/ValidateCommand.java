package dev.attention.cli;

import dev.attention.api.Tensor;
import dev.attention.core.Job;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** {@code attention validate CONFIG}: everything {@code run} checks, without running. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check CONFIG: its keys, plugin ids and parameters, input bindings and data files.")
final class ValidateCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    ConfigFile config;

    @Override
    public Integer call() {
        Job job = config.engine().load(config.path());
        PrintWriter w = spec.commandLine().getOut();
        w.println("ok: " + job.config().name() + " (" + job.pipeline().describe() + ", "
                + job.pipeline().dtype().id() + ")");
        for (String name : job.inputs().names()) {
            Tensor t = job.inputs().tensor(name);
            w.println("  " + name + " " + Arrays.toString(t.shape())
                    + job.inputs().lengths(name).map(l -> " lengths " + Arrays.toString(l)).orElse(""));
        }
        w.flush();
        return 0;
    }
}
