package dev.attention.assembly.plugin;

import static org.apiguardian.api.API.Status.MAINTAINED;

import dev.attention.api.spi.PluginKind;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * A plugin from the plugin folder that was left out, and why: its provider or entry point threw,
 * its id was blank, malformed or taken, or it was built for an incompatible API. The other plugins
 * work.
 *
 * @param kind   the kind it was declared or listed as; empty when the whole entry point (or folder)
 *               failed before declaring any plugin
 * @param id     its declared id, when it got that far
 * @param source the jar file name, or the folder name followed by {@code /} for a folder of jars
 * @param reason one line saying what is wrong and what to do
 */
@API(status = MAINTAINED)
public record BrokenPlugin(Optional<PluginKind> kind, Optional<String> id, String source, String reason) {

    /** The kind's id ({@code alignment}, …), or {@code plugin} when the kind is not known. */
    public String what() {
        return kind.map(PluginKind::id).orElse("plugin");
    }

    @Override
    public String toString() {
        return what() + " " + id.map(i -> "'" + i + "' ").orElse("") + "from " + source + ": " + reason;
    }
}
