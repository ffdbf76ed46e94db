package dev.attention.render;

import static org.apiguardian.api.API.Status.MAINTAINED;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * A picture of attention weights: a title, one or more {@link HeatmapPanel}s laid out in a grid
 * and one shared colour scale, so panels compare at a glance. Rendered by {@link HeatmapFiles} as
 * PNG or SVG. Immutable.
 *
 * <p>Panels are a flat list placed row-major into {@link #gridColumns()} columns. A batch of
 * {@code [batch, n, m]} weights is one panel per element; a future {@code [batch, heads, n, m]}
 * tensor maps to one grid row per batch element and one column per head, and per-level tensors to
 * further panels captioned by level, without changing this type.
 */
@API(status = MAINTAINED)
public final class Heatmap {
    private final String title;
    private final String subtitle;
    private final String rowAxis;
    private final String columnAxis;
    private final String note;
    private final int gridColumns;
    private final List<HeatmapPanel> panels;
    private final double low;
    private final double high;

    private Heatmap(Builder b) {
        this.title = b.title;
        this.subtitle = b.subtitle;
        this.rowAxis = b.rowAxis;
        this.columnAxis = b.columnAxis;
        this.note = b.note;
        this.panels = List.copyOf(b.panels);
        this.gridColumns = Math.max(1, Math.min(b.gridColumns, panels.size()));
        double lo = 0;
        double hi = Double.NEGATIVE_INFINITY;
        for (HeatmapPanel p : panels) {
            for (int i = 0; i < p.rows(); i++) {
                for (int j = 0; j < p.columns(); j++) {
                    lo = Math.min(lo, p.value(i, j));
                    hi = Math.max(hi, p.value(i, j));
                }
            }
        }
        // The scale starts at 0 (or below, for negative values) so that "dark" always means "no weight".
        this.low = lo;
        this.high = hi > lo ? hi : lo + 1;
    }

    public static Builder builder(String title) {
        return new Builder(title);
    }

    public String title() {
        return title;
    }

    public String subtitle() {
        return subtitle;
    }

    public String rowAxis() {
        return rowAxis;
    }

    public String columnAxis() {
        return columnAxis;
    }

    /** A remark shown under the title, e.g. that only some batch elements are drawn; may be empty. */
    public String note() {
        return note;
    }

    public int gridColumns() {
        return gridColumns;
    }

    public List<HeatmapPanel> panels() {
        return panels;
    }

    /** The value drawn darkest: 0, or the smallest value when one is negative. */
    public double low() {
        return low;
    }

    /** The value drawn brightest: the largest value. */
    public double high() {
        return high;
    }

    /** Builds a {@link Heatmap}; not thread-safe. */
    public static final class Builder {
        private final String title;
        private String subtitle = "";
        private String rowAxis = "queries";
        private String columnAxis = "keys";
        private String note = "";
        private int gridColumns = 4;
        private final List<HeatmapPanel> panels = new ArrayList<>();

        private Builder(String title) {
            this.title = Objects.requireNonNull(title, "title");
        }

        public Builder subtitle(String text) {
            this.subtitle = Objects.requireNonNull(text);
            return this;
        }

        /** What rows and columns are, e.g. {@code queries} and {@code keys}. */
        public Builder axes(String rows, String columns) {
            this.rowAxis = Objects.requireNonNull(rows);
            this.columnAxis = Objects.requireNonNull(columns);
            return this;
        }

        public Builder note(String text) {
            this.note = Objects.requireNonNull(text);
            return this;
        }

        public Builder gridColumns(int columns) {
            this.gridColumns = columns;
            return this;
        }

        public Builder panel(HeatmapPanel panel) {
            panels.add(Objects.requireNonNull(panel));
            return this;
        }

        public Heatmap build() {
            if (panels.isEmpty()) {
                throw new IllegalStateException("a heatmap needs at least one panel");
            }
            return new Heatmap(this);
        }
    }
}
