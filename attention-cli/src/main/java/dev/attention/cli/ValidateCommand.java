package dev.attention.cli;

import dev.attention.api.Tensor;
import dev.attention.core.Job;
import dev.attention.core.JobFiles;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/**
 * {@code attention validate CONFIG}: everything {@code run} checks, without running. It first lists
 * the jars the config's {@code plugins:} key would load, so a user can see what code a config
 * brings before trusting it (see {@link AttentionCommand#engine(java.nio.file.Path)}).
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check CONFIG: its keys, plugin ids and parameters, input bindings and data files. Lists the"
                + " plugin jars its 'plugins:' key would load (loaded only with --trust-config-plugins).")
final class ValidateCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    ConfigFile config;

    @Override
    public Integer call() {
        PrintWriter w = spec.commandLine().getOut();
        Optional<Path> folder = JobFiles.pluginDir(config.path());
        if (folder.isPresent()) {
            List<String> jars = JobFiles.pluginJars(folder.get());
            w.println("plugins: " + folder.get() + " would load " + (jars.isEmpty() ? "no jars"
                    : jars.size() + " jar(s): " + String.join(", ", jars)));
            w.flush();
        }
        Job job = config.engine().load(config.path());
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
