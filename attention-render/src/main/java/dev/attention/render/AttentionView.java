package dev.attention.render;

import static org.apiguardian.api.API.Status.MAINTAINED;

import dev.attention.api.DType;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * What the interactive page ({@link HtmlView}) shows of a run, fit or search: weight panels (one per
 * batch element and head, laid out in a grid), the pipeline as {@code explain} prints it, a fit's
 * loss curves with one example's weights before and after training, and a search's leaderboard.
 * Every part but the title is optional. Immutable.
 */
@API(status = MAINTAINED)
public final class AttentionView {
    private final String title;
    private final String subtitle;
    private final List<String> notes;
    private final String explain;
    private final int gridColumns;
    private final List<ViewPanel> panels;
    private final LossCurves curves;
    private final ViewPanel before;
    private final ViewPanel after;
    private final ViewTable leaderboard;
    private final List<ViewLink> links;

    private AttentionView(Builder b) {
        this.title = b.title;
        this.subtitle = b.subtitle;
        this.notes = List.copyOf(b.notes);
        this.explain = b.explain;
        this.gridColumns = Math.max(1, b.gridColumns);
        this.panels = List.copyOf(b.panels);
        this.curves = b.curves;
        this.before = b.before;
        this.after = b.after;
        this.leaderboard = b.leaderboard;
        this.links = List.copyOf(b.links);
        for (ViewLink l : links) {
            if (l.panel() >= panels.size() || l.target() >= panels.size()) {
                throw new IllegalArgumentException("link " + l + " names a panel beyond the " + panels.size());
            }
        }
    }

    public static Builder builder(String title) {
        return new Builder(title);
    }

    /** A view of a heatmap's panels (its title, subtitle, note and grid), weights printed as {@code dtype}. */
    public static Builder of(Heatmap heatmap, DType dtype) {
        Builder b = builder(heatmap.title()).subtitle(heatmap.subtitle()).gridColumns(heatmap.gridColumns());
        if (!heatmap.note().isEmpty()) {
            b.note(heatmap.note());
        }
        heatmap.panels().forEach(p -> b.panel(ViewPanel.of(p, dtype)));
        return b;
    }

    public String title() {
        return title;
    }

    public String subtitle() {
        return subtitle;
    }

    public List<String> notes() {
        return notes;
    }

    /** The pipeline as {@code attention explain} prints it; empty when not known. */
    public String explain() {
        return explain;
    }

    public int gridColumns() {
        return gridColumns;
    }

    public List<ViewPanel> panels() {
        return panels;
    }

    public Optional<LossCurves> curves() {
        return Optional.ofNullable(curves);
    }

    /** One example's weights before training (with {@link #after()}). */
    public Optional<ViewPanel> before() {
        return Optional.ofNullable(before);
    }

    public Optional<ViewPanel> after() {
        return Optional.ofNullable(after);
    }

    public Optional<ViewTable> leaderboard() {
        return Optional.ofNullable(leaderboard);
    }

    /** Which panels highlight which (multilevel's word → sentence link, co-attention's two directions). */
    public List<ViewLink> links() {
        return links;
    }

    /** Builds an {@link AttentionView}; not thread-safe. */
    public static final class Builder {
        private final String title;
        private String subtitle = "";
        private final List<String> notes = new ArrayList<>();
        private String explain = "";
        private int gridColumns = 4;
        private final List<ViewPanel> panels = new ArrayList<>();
        private LossCurves curves;
        private ViewPanel before;
        private ViewPanel after;
        private ViewTable leaderboard;
        private final List<ViewLink> links = new ArrayList<>();

        private Builder(String title) {
            this.title = Objects.requireNonNull(title, "title");
        }

        public Builder subtitle(String text) {
            this.subtitle = Objects.requireNonNull(text);
            return this;
        }

        public Builder note(String text) {
            notes.add(Objects.requireNonNull(text));
            return this;
        }

        public Builder explain(String text) {
            this.explain = Objects.requireNonNull(text);
            return this;
        }

        public Builder gridColumns(int columns) {
            this.gridColumns = columns;
            return this;
        }

        public Builder panel(ViewPanel panel) {
            panels.add(Objects.requireNonNull(panel));
            return this;
        }

        public Builder curves(LossCurves losses) {
            this.curves = Objects.requireNonNull(losses);
            return this;
        }

        /** One example's weights before and after training. */
        public Builder beforeAfter(ViewPanel beforeTraining, ViewPanel afterTraining) {
            this.before = Objects.requireNonNull(beforeTraining);
            this.after = Objects.requireNonNull(afterTraining);
            return this;
        }

        public Builder leaderboard(ViewTable table) {
            this.leaderboard = Objects.requireNonNull(table);
            return this;
        }

        public Builder link(ViewLink link) {
            links.add(Objects.requireNonNull(link));
            return this;
        }

        /** The panels added so far. */
        public int panelCount() {
            return panels.size();
        }

        public AttentionView build() {
            return new AttentionView(this);
        }
    }
}
