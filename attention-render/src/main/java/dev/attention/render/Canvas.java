package dev.attention.render;

/**
 * The few drawing operations a heatmap needs, so {@link HeatmapPainter} lays out and draws once
 * and each format (PNG, SVG) only implements the primitives. Coordinates are pixels from the top
 * left; text positions are baselines.
 */
interface Canvas {
    /** Horizontal alignment of text at its anchor point. */
    enum Anchor { START, MIDDLE, END }

    void fill(int x, int y, int w, int h, int rgb);

    /** An unfilled rectangle, one pixel wide. */
    void frame(int x, int y, int w, int h, int rgb);

    /** One weight's cell; {@code tooltip} says which it is (SVG shows it on hover). */
    void cell(int x, int y, int size, int rgb, int row, int column, double value, String tooltip);

    /** Text; {@code vertical} text is turned a quarter left and reads upwards from its anchor. */
    void text(double x, double y, String text, int size, Anchor anchor, int rgb, boolean bold, boolean vertical);

    /** A circle outline: a chosen key. */
    void ring(double cx, double cy, double r, int rgb);

    /** A filled diamond: a predicted centre. */
    void diamond(double cx, double cy, double r, int rgb);

    /** The colour ramp, low at the bottom and high at the top. */
    void colourBar(int x, int y, int w, int h);
}
