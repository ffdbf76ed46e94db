package dev.attention.assembly.plugin;

import static org.apiguardian.api.API.Status.MAINTAINED;

import dev.attention.api.spi.PluginKind;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * A plugin from the plugin folder that was left out, and why: its provider threw, its id was
 * blank, malformed or taken, or it was built for an incompatible API. The other plugins work.
 *
 * @param kind   the service it was listed as
 * @param id     its declared id, when it got that far
 * @param source the jar file name
 * @param reason one line saying what is wrong and what to do
 */
@API(status = MAINTAINED)
public record BrokenPlugin(PluginKind kind, Optional<String> id, String source, String reason) {
    @Override
    public String toString() {
        return kind.id() + " " + id.map(i -> "'" + i + "' ").orElse("") + "from " + source + ": " + reason;
    }
}
