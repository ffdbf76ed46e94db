package dev.attention.assembly.config;

import static org.apiguardian.api.API.Status.MAINTAINED;

import java.util.Locale;
import org.apiguardian.api.API;

/**
 * How an input declared {@code layout: image} is read: a 4-D array {@code [batch, height, width,
 * channels]} is cut into {@code patches × patches} patches (when {@code patches > 1}) and then
 * arranged into the sequences attention runs over, chosen by {@code axes}.
 *
 * @param patches    the patch side p; 1 = every pixel its own position
 * @param axes       which positions attend to each other
 * @param layoutAt   where {@code layout} was declared (errors about the array's rank)
 * @param patchesAt  where {@code patches} was declared, or {@code layoutAt} (errors about the size)
 */
@API(status = MAINTAINED)
public record ImageLayout(int patches, Axes axes, Position layoutAt, Position patchesAt) {
    public ImageLayout {
        if (patches < 1) {
            throw new IllegalArgumentException("patches must be ≥ 1, got " + patches);
        }
    }

    /** The sequences attention runs over, as Keras' {@code attention_axes}. */
    @API(status = MAINTAINED)
    public enum Axes {
        /** Every position of the grid attends to every other: {@code [batch, h·w, c]}, row-major. */
        GRID,
        /** Each grid row is its own sequence: {@code [batch·h, w, c]}. */
        ROWS,
        /** Each grid column is its own sequence: {@code [batch·w, h, c]}. */
        COLUMNS;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
