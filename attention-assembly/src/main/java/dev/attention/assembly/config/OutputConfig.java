package dev.attention.assembly.config;

import static org.apiguardian.api.API.Status.MAINTAINED;

import dev.attention.io.table.OutputFormats;
import java.nio.file.Path;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * What a run writes.
 *
 * @param weights whether to write the weights next to the output
 * @param format  an output format id: {@code csv}, {@code json}, {@code npy} or {@code safetensors}
 * @param dir     the output folder from the config (resolved against its folder), if given
 */
@API(status = MAINTAINED)
public record OutputConfig(boolean weights, String format, Optional<Path> dir) {
    public static final OutputConfig DEFAULT = new OutputConfig(true, OutputFormats.builtIn().defaultFormat().id(),
            Optional.empty());
}
