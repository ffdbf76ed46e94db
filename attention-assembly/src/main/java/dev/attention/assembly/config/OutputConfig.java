package dev.attention.assembly.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What a run writes.
 *
 * @param weights whether to write the weights next to the output
 * @param format  {@code csv} or {@code json}
 * @param dir     the output folder from the config (resolved against its folder), if given
 */
public record OutputConfig(boolean weights, String format, Optional<Path> dir) {
    public static final OutputConfig DEFAULT = new OutputConfig(true, "csv", Optional.empty());
}
