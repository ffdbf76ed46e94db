package dev.attention.cli;

import dev.attention.core.AttentionEngine;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The {@code CONFIG} argument of every command that reads a pipeline configuration, and the engine
 * for it: the root's {@code --plugins} folder, else the config's {@code plugins:} folder. Mixed in
 * with {@code @Mixin}, so the argument is declared once.
 */
final class ConfigFile {
    @Parameters(index = "0", paramLabel = "CONFIG", description = "The pipeline configuration (.yaml, .yml or .json).")
    Path path;

    /** The command this is mixed into; its root is the {@code attention} command with the global options. */
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    Path path() {
        return path;
    }

    /** See {@link AttentionCommand#engine(Path, boolean)}. */
    AttentionEngine engine() {
        return ((AttentionCommand) mixee.root().userObject()).engine(path, false);
    }

    /** The engine for a command that runs this config's job once and ends (decision 46). */
    AttentionEngine oneShotEngine() {
        return ((AttentionCommand) mixee.root().userObject()).engine(path, true);
    }

    @Override
    public String toString() {
        return String.valueOf(path);
    }
}
