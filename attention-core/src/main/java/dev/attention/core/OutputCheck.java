package dev.attention.core;

import java.nio.file.Path;

/**
 * What {@link AttentionEngine#checkOutput} found in an output folder.
 *
 * @param dir     the folder checked
 * @param exists  whether anything was written there yet (the folder, or generations beside it)
 * @param whole   whether it holds one whole set: a manifest, and every file matching its size and
 *                SHA-256, and nothing else
 * @param message one line saying what was found and, when not whole, what to do
 */
public record OutputCheck(Path dir, boolean exists, boolean whole, String message) {
}
