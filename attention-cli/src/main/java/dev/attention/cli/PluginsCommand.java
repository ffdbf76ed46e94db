package dev.attention.cli;

import dev.attention.api.spi.ParameterSpec;
import dev.attention.api.spi.PluginKind;
import dev.attention.assembly.plugin.BrokenPlugin;
import dev.attention.assembly.plugin.PluginInfo;
import dev.attention.core.AttentionEngine;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code attention plugins}: every plugin with kind, id, parameters, import formats and source jar. */
@Command(name = "plugins", mixinStandardHelpOptions = true,
        description = "List every discovered plugin: kind, id, description, parameters, a variant's%n"
                + "parameters formats (parameters: {format: …}) and source jar;%n"
                + "then the plugins of --plugins DIR that were left out, with the reason.")
final class PluginsCommand implements Callable<Integer> {
    @ParentCommand
    AttentionCommand parent;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        AttentionEngine engine = parent.engine();
        List<PluginInfo> plugins = engine.plugins();
        PrintWriter w = spec.commandLine().getOut();
        PluginKind kind = null;
        for (PluginInfo p : plugins) {
            if (p.kind() != kind) {
                kind = p.kind();
                w.println((kind == PluginKind.ALIGNMENT ? "" : "\n") + kind.id() + "s:");
            }
            w.println("  " + p.id() + "  — " + p.description());
            w.println("      from " + p.source() + " (" + p.providerClass() + ")");
            for (ParameterSpec s : p.parameters()) {
                w.println("      " + s.name() + ": " + s.type().id()
                        + (s.required() ? " (required)" : " = " + s.defaultValue().get())
                        + (s.range().isEmpty() ? "" : " in " + s.range())
                        + (s.doc().isEmpty() ? "" : " — " + s.doc()));
            }
            p.formats().forEach((format, description) -> w.println("      parameters format " + format + " — "
                    + description));
            if (p.kind() == PluginKind.VARIANT && !p.composes(PluginKind.ALIGNMENT)) {
                w.println(p.composes(PluginKind.DISTRIBUTION) ? "      uses no alignment"
                        : "      uses no alignment or distribution");
            } else if (p.kind() == PluginKind.VARIANT && !p.composes(PluginKind.DISTRIBUTION)) {
                w.println("      uses no distribution");
            }
        }
        List<BrokenPlugin> broken = engine.brokenPlugins();
        if (!broken.isEmpty()) {
            w.println("\nbroken (left out; the others work):");
            for (BrokenPlugin b : broken) {
                w.println("  " + b.what() + " " + b.id().orElse("(no id)") + "  from " + b.source());
                w.println("      " + b.reason());
            }
        }
        if (plugins.isEmpty() && broken.isEmpty()) {
            w.println("no plugins found");
        }
        w.flush();
        return 0;
    }
}
