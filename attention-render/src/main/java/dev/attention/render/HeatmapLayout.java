package dev.attention.render;

import java.util.List;

/**
 * Where everything of a {@link Heatmap} goes, in whole pixels, shared by PNG and SVG so both
 * formats show the same picture. Text widths are estimated from the font size (SVG cannot measure
 * text), generously enough for the DejaVu and Arial sans fonts.
 */
final class HeatmapLayout {
    static final int MARGIN = 16;
    static final int TITLE_SIZE = 16;
    static final int TEXT_SIZE = 11;
    static final int CAPTION_SIZE = 12;
    static final int GAP = 28;
    static final int BAR_WIDTH = 14;
    static final int MAX_LABEL_CHARS = 14;
    /** The longest side of one panel's cells, in pixels, before cells shrink below the largest size. */
    private static final int PANEL_SPAN = 420;
    private static final int MAX_CELL = 40;

    final int cell;
    final int rowLabelWidth;
    final int columnLabelHeight;
    final boolean verticalColumnLabels;
    final int rowStride;
    final int columnStride;
    final int captionHeight;
    final int slotWidth;
    final int slotHeight;
    final int gridColumns;
    final int gridRows;
    final int top;
    final int barX;
    final int barY;
    final int barHeight;
    final int legendY;
    final boolean showValues;
    final int width;
    final int height;

    HeatmapLayout(Heatmap h) {
        List<HeatmapPanel> panels = h.panels();
        int maxRows = 1;
        int maxCols = 1;
        int rowChars = 1;
        int colChars = 1;
        boolean captions = false;
        boolean marks = false;
        boolean centres = false;
        for (HeatmapPanel p : panels) {
            maxRows = Math.max(maxRows, p.rows());
            maxCols = Math.max(maxCols, p.columns());
            rowChars = Math.max(rowChars, longest(p.rowLabels()));
            colChars = Math.max(colChars, longest(p.columnLabels()));
            captions |= !p.caption().isEmpty();
            marks |= p.hasMarks();
            centres |= p.hasCentres();
        }
        cell = Math.max(1, Math.min(MAX_CELL, PANEL_SPAN / Math.max(maxRows, maxCols)));
        int lineHeight = TEXT_SIZE + 2;
        rowLabelWidth = (int) Math.ceil(rowChars * charWidth(TEXT_SIZE)) + 8;
        int colLabelWidth = (int) Math.ceil(colChars * charWidth(TEXT_SIZE));
        // Words do not fit side by side over narrow cells; turned upright they do (the classic alignment picture).
        verticalColumnLabels = colLabelWidth > cell - 4;
        columnLabelHeight = verticalColumnLabels ? colLabelWidth + 8 : lineHeight + 6;
        rowStride = Math.max(1, (int) Math.ceil(lineHeight / (double) cell));
        columnStride = verticalColumnLabels ? rowStride : Math.max(1, (int) Math.ceil((colLabelWidth + 4) / (double) cell));
        captionHeight = captions ? CAPTION_SIZE + 8 : 0;
        slotWidth = rowLabelWidth + maxCols * cell;
        slotHeight = captionHeight + columnLabelHeight + maxRows * cell;
        gridColumns = h.gridColumns();
        gridRows = (panels.size() + gridColumns - 1) / gridColumns;
        showValues = cell >= 32;

        int y = MARGIN + TITLE_SIZE;
        y += h.subtitle().isEmpty() ? 0 : lineHeight + 4;
        y += h.note().isEmpty() ? 0 : lineHeight + 2;
        top = y + 12;
        int gridWidth = gridColumns * slotWidth + (gridColumns - 1) * GAP;
        int gridHeight = gridRows * slotHeight + (gridRows - 1) * GAP;
        barX = MARGIN + gridWidth + 24;
        barY = top + captionHeight + columnLabelHeight;
        barHeight = Math.max(100, Math.min(300, gridHeight - captionHeight - columnLabelHeight));
        int barLabels = (int) Math.ceil(9 * charWidth(TEXT_SIZE));
        legendY = top + gridHeight + 10 + lineHeight;
        int legendLines = (marks ? 1 : 0) + (centres ? 1 : 0);
        int contentWidth = barX + BAR_WIDTH + 6 + barLabels + MARGIN;
        int titleWidth = (int) Math.ceil(Math.max(h.title().length() * charWidth(TITLE_SIZE),
                Math.max(h.subtitle().length(), h.note().length()) * charWidth(TEXT_SIZE))) + 2 * MARGIN;
        width = Math.max(contentWidth, titleWidth);
        height = Math.max(legendY - lineHeight + legendLines * (lineHeight + 4), barY + barHeight + 10) + MARGIN;
    }

    /** Estimated advance of one character: sans fonts average about 0.6 em. */
    static double charWidth(int size) {
        return 0.62 * size;
    }

    /** Left edge of panel {@code k}'s slot. */
    int slotX(int k) {
        return MARGIN + (k % gridColumns) * (slotWidth + GAP);
    }

    int slotY(int k) {
        return top + (k / gridColumns) * (slotHeight + GAP);
    }

    /** Left edge of panel {@code k}'s first cell column. */
    int cellsX(int k) {
        return slotX(k) + rowLabelWidth;
    }

    int cellsY(int k) {
        return slotY(k) + captionHeight + columnLabelHeight;
    }

    /** A label cut to {@link #MAX_LABEL_CHARS}, so one long token cannot widen the picture. */
    static String fit(String label) {
        return label.length() <= MAX_LABEL_CHARS ? label : label.substring(0, MAX_LABEL_CHARS - 1) + "…";
    }

    private static int longest(List<String> labels) {
        int n = 0;
        for (String s : labels) {
            n = Math.max(n, fit(s).length());
        }
        return n;
    }
}
