package dev.attention.render;

import java.util.List;
import java.util.Locale;

/**
 * A {@link Canvas} that writes SVG text. Each weight is a {@code <rect class="cell">} carrying
 * {@code data-row}, {@code data-col} and {@code data-value} and a hover title, so the picture
 * is also readable by tools.
 */
final class SvgCanvas implements Canvas {
    private static final String FONT = "DejaVu Sans, Arial, Helvetica, sans-serif";
    private final StringBuilder body = new StringBuilder();
    private final int width;
    private final int height;

    SvgCanvas(int width, int height) {
        this.width = width;
        this.height = height;
    }

    @Override
    public void fill(int x, int y, int w, int h, int rgb) {
        body.append("<rect x=\"").append(x).append("\" y=\"").append(y).append("\" width=\"").append(w)
                .append("\" height=\"").append(h).append("\" fill=\"").append(ColourScale.hex(rgb)).append("\"/>\n");
    }

    @Override
    public void frame(int x, int y, int w, int h, int rgb) {
        body.append("<rect x=\"").append(x - 0.5).append("\" y=\"").append(y - 0.5).append("\" width=\"")
                .append(w + 1).append("\" height=\"").append(h + 1).append("\" fill=\"none\" stroke=\"")
                .append(ColourScale.hex(rgb)).append("\" stroke-width=\"1\"/>\n");
    }

    @Override
    public void cell(int x, int y, int size, int rgb, int row, int column, double value, String tooltip) {
        body.append("<rect class=\"cell\" x=\"").append(x).append("\" y=\"").append(y).append("\" width=\"")
                .append(size).append("\" height=\"").append(size).append("\" fill=\"").append(ColourScale.hex(rgb))
                .append("\" data-row=\"").append(row).append("\" data-col=\"").append(column)
                .append("\" data-value=\"").append(value).append("\"><title>").append(escape(tooltip))
                .append("</title></rect>\n");
    }

    @Override
    public void text(double x, double y, String text, int size, Anchor anchor, int rgb, boolean bold,
            boolean vertical) {
        body.append("<text x=\"").append(num(x)).append("\" y=\"").append(num(y)).append("\" font-size=\"")
                .append(size).append("\" fill=\"").append(ColourScale.hex(rgb)).append('"');
        if (anchor != Anchor.START) {
            body.append(" text-anchor=\"").append(anchor == Anchor.MIDDLE ? "middle" : "end").append('"');
        }
        if (bold) {
            body.append(" font-weight=\"bold\"");
        }
        if (vertical) {
            body.append(" transform=\"rotate(-90 ").append(num(x)).append(' ').append(num(y)).append(")\"");
        }
        body.append('>').append(escape(text)).append("</text>\n");
    }

    @Override
    public void ring(double cx, double cy, double r, int rgb) {
        body.append("<circle class=\"mark\" cx=\"").append(num(cx)).append("\" cy=\"").append(num(cy))
                .append("\" r=\"").append(num(r)).append("\" fill=\"none\" stroke=\"").append(ColourScale.hex(rgb))
                .append("\" stroke-width=\"1.6\"/>\n");
    }

    @Override
    public void diamond(double cx, double cy, double r, int rgb) {
        body.append("<polygon class=\"centre\" points=\"").append(num(cx)).append(',').append(num(cy - r)).append(' ')
                .append(num(cx + r)).append(',').append(num(cy)).append(' ').append(num(cx)).append(',')
                .append(num(cy + r)).append(' ').append(num(cx - r)).append(',').append(num(cy))
                .append("\" fill=\"").append(ColourScale.hex(rgb)).append("\" stroke=\"#ffffff\"/>\n");
    }

    @Override
    public void colourBar(int x, int y, int w, int h) {
        body.append("<defs><linearGradient id=\"ramp\" x1=\"0\" y1=\"1\" x2=\"0\" y2=\"0\">\n");
        List<double[]> stops = ColourScale.stops();
        for (double[] s : stops) {
            body.append("<stop offset=\"").append(num(s[0])).append("\" stop-color=\"")
                    .append(ColourScale.hex((int) s[1])).append("\"/>\n");
        }
        body.append("</linearGradient></defs>\n<rect x=\"").append(x).append("\" y=\"").append(y)
                .append("\" width=\"").append(w).append("\" height=\"").append(h).append("\" fill=\"url(#ramp)\"/>\n");
    }

    String svg() {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + width
                + "\" height=\"" + height + "\" viewBox=\"0 0 " + width + " " + height + "\" font-family=\"" + FONT
                + "\">\n" + body + "</svg>\n";
    }

    private static String num(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.2f", v);
    }

    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                default -> {
                    // XML 1.0 forbids most control characters even escaped; a label never needs them.
                    if (ch >= 0x20 || ch == '\t' || ch == '\n' || ch == '\r') {
                        out.append(ch);
                    }
                }
            }
        }
        return out.toString();
    }
}
