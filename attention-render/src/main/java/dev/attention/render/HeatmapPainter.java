package dev.attention.render;

import static dev.attention.render.HeatmapLayout.CAPTION_SIZE;
import static dev.attention.render.HeatmapLayout.MARGIN;
import static dev.attention.render.HeatmapLayout.TEXT_SIZE;
import static dev.attention.render.HeatmapLayout.TITLE_SIZE;

import dev.attention.render.Canvas.Anchor;
import java.util.List;

/** Draws a {@link Heatmap} onto a {@link Canvas} following its {@link HeatmapLayout}. */
final class HeatmapPainter {
    private static final int WHITE = 0xffffff;
    private static final int INK = 0x222222;
    private static final int GREY = 0x666666;
    private static final int NOTE = 0xa03000;

    private HeatmapPainter() {
    }

    static void paint(Heatmap h, HeatmapLayout l, Canvas c) {
        ColourScale scale = new ColourScale(h.low(), h.high());
        c.fill(0, 0, l.width, l.height, WHITE);
        int y = MARGIN + TITLE_SIZE;
        c.text(MARGIN, y, h.title(), TITLE_SIZE, Anchor.START, INK, true, false);
        if (!h.subtitle().isEmpty()) {
            y += TEXT_SIZE + 6;
            c.text(MARGIN, y, h.subtitle(), TEXT_SIZE, Anchor.START, GREY, false, false);
        }
        if (!h.note().isEmpty()) {
            y += TEXT_SIZE + 4;
            c.text(MARGIN, y, h.note(), TEXT_SIZE, Anchor.START, NOTE, false, false);
        }
        List<HeatmapPanel> panels = h.panels();
        for (int k = 0; k < panels.size(); k++) {
            panel(panels.get(k), k, l, c, scale);
        }
        colourBar(l, c, scale);
        legend(panels, l, c);
    }

    private static void panel(HeatmapPanel p, int k, HeatmapLayout l, Canvas c, ColourScale scale) {
        int s = l.cell;
        int x0 = l.cellsX(k);
        int y0 = l.cellsY(k);
        if (!p.caption().isEmpty()) {
            c.text(l.slotX(k), l.slotY(k) + CAPTION_SIZE, p.caption(), CAPTION_SIZE, Anchor.START, INK, true, false);
        }
        double baselineShift = TEXT_SIZE * 0.35;
        for (int j = 0; j < p.columns(); j += l.columnStride) {
            String label = HeatmapLayout.fit(p.columnLabels().get(j));
            double cx = x0 + j * s + s / 2.0;
            if (l.verticalColumnLabels) {
                c.text(cx + baselineShift, y0 - 5, label, TEXT_SIZE, Anchor.START, INK, false, true);
            } else {
                c.text(cx, y0 - 6, label, TEXT_SIZE, Anchor.MIDDLE, INK, false, false);
            }
        }
        for (int i = 0; i < p.rows(); i += l.rowStride) {
            c.text(x0 - 5, y0 + i * s + s / 2.0 + baselineShift, HeatmapLayout.fit(p.rowLabels().get(i)), TEXT_SIZE,
                    Anchor.END, INK, false, false);
        }
        for (int i = 0; i < p.rows(); i++) {
            for (int j = 0; j < p.columns(); j++) {
                double v = p.value(i, j);
                int rgb = scale.rgb(v);
                c.cell(x0 + j * s, y0 + i * s, s, rgb, i, j, v,
                        p.rowLabels().get(i) + " → " + p.columnLabels().get(j) + ": " + ColourScale.label(v));
                int ink = ColourScale.light(rgb) ? INK : WHITE;
                if (l.showValues) {
                    c.text(x0 + j * s + s / 2.0, y0 + i * s + s / 2.0 + 3.5, ColourScale.cellLabel(v),
                            9, Anchor.MIDDLE, ink, false, false);
                }
                if (p.isMarked(i, j)) {
                    c.ring(x0 + j * s + s / 2.0, y0 + i * s + s / 2.0, Math.max(1.5, s * 0.38), ink);
                }
            }
            double centre = p.centre(i);
            if (Double.isFinite(centre)) {
                // Low in the row, clear of the value printed in the cell's middle.
                double r = Math.max(2, s * 0.18);
                c.diamond(x0 + (centre + 0.5) * s, y0 + (i + 1) * s - r - 1, r, 0xff2d55);
            }
        }
        c.frame(x0, y0, p.columns() * s, p.rows() * s, GREY);
    }

    private static void colourBar(HeatmapLayout l, Canvas c, ColourScale scale) {
        c.colourBar(l.barX, l.barY, HeatmapLayout.BAR_WIDTH, l.barHeight);
        c.frame(l.barX, l.barY, HeatmapLayout.BAR_WIDTH, l.barHeight, GREY);
        List<Double> ticks = scale.ticks();
        for (int k = 0; k < ticks.size(); k++) {
            double ty = l.barY + l.barHeight - l.barHeight * k / (double) (ticks.size() - 1);
            c.fill(l.barX + HeatmapLayout.BAR_WIDTH, (int) Math.round(ty), 4, 1, GREY);
            c.text(l.barX + HeatmapLayout.BAR_WIDTH + 6, ty + TEXT_SIZE * 0.35, ColourScale.label(ticks.get(k)),
                    TEXT_SIZE, Anchor.START, INK, false, false);
        }
        c.text(l.barX, l.barY - 14, "weight", TEXT_SIZE, Anchor.START, GREY, false, false);
    }

    private static void legend(List<HeatmapPanel> panels, HeatmapLayout l, Canvas c) {
        int y = l.legendY;
        if (panels.stream().anyMatch(HeatmapPanel::hasMarks)) {
            c.fill(MARGIN, y - 10, 12, 12, ColourScale.ramp(0.2));
            c.ring(MARGIN + 6, y - 4, 4.5, WHITE);
            c.text(MARGIN + 18, y, "chosen key (hard attention positions)", TEXT_SIZE, Anchor.START, INK, false, false);
            y += TEXT_SIZE + 6;
        }
        if (panels.stream().anyMatch(HeatmapPanel::hasCentres)) {
            c.diamond(MARGIN + 6, y - 4, 4, 0xff2d55);
            c.text(MARGIN + 18, y, "predicted centre p (local-p centres)", TEXT_SIZE, Anchor.START, INK, false, false);
        }
    }
}
