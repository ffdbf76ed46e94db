package dev.attention.core.config;

import java.nio.file.Path;

/**
 * The {@code parameters:} key: a {@code parameters.json} written by {@code attention fit}.
 *
 * @param file     resolved against the config's folder
 * @param position where the key was written
 */
public record ParametersSource(Path file, Position position) {
}
