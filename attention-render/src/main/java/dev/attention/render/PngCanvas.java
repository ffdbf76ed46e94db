package dev.attention.render;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/**
 * A {@link Canvas} on a Java2D image, encoded as PNG by ImageIO. Needs no display: it draws into
 * memory, which works under {@code java.awt.headless=true} (the CLI sets it; an embedder decides for
 * its own JVM).
 */
final class PngCanvas implements Canvas {
    private final BufferedImage image;
    private final Graphics2D g;

    PngCanvas(int width, int height) {
        image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
    }

    @Override
    public void fill(int x, int y, int w, int h, int rgb) {
        g.setColor(new Color(rgb));
        g.fillRect(x, y, w, h);
    }

    @Override
    public void frame(int x, int y, int w, int h, int rgb) {
        g.setColor(new Color(rgb));
        g.drawRect(x - 1, y - 1, w + 1, h + 1);
    }

    @Override
    public void cell(int x, int y, int size, int rgb, int row, int column, double value, String tooltip) {
        fill(x, y, size, size, rgb);
    }

    @Override
    public void text(double x, double y, String text, int size, Anchor anchor, int rgb, boolean bold,
            boolean vertical) {
        g.setFont(new Font(Font.SANS_SERIF, bold ? Font.BOLD : Font.PLAIN, size));
        g.setColor(new Color(rgb));
        float w = (float) g.getFontMetrics().getStringBounds(text, g).getWidth();
        float dx = anchor == Anchor.START ? 0 : anchor == Anchor.MIDDLE ? -w / 2 : -w;
        if (vertical) {
            AffineTransform saved = g.getTransform();
            g.rotate(-Math.PI / 2, x, y);
            g.drawString(text, (float) x + dx, (float) y);
            g.setTransform(saved);
        } else {
            g.drawString(text, (float) x + dx, (float) y);
        }
    }

    @Override
    public void ring(double cx, double cy, double r, int rgb) {
        antialiased(() -> {
            g.setColor(new Color(rgb));
            g.setStroke(new BasicStroke(1.6f));
            g.draw(new Ellipse2D.Double(cx - r, cy - r, 2 * r, 2 * r));
        });
    }

    @Override
    public void diamond(double cx, double cy, double r, int rgb) {
        antialiased(() -> {
            Path2D.Double d = new Path2D.Double();
            d.moveTo(cx, cy - r);
            d.lineTo(cx + r, cy);
            d.lineTo(cx, cy + r);
            d.lineTo(cx - r, cy);
            d.closePath();
            g.setColor(new Color(rgb));
            g.fill(d);
            g.setColor(Color.WHITE);
            g.setStroke(new BasicStroke(1f));
            g.draw(d);
        });
    }

    @Override
    public void colourBar(int x, int y, int w, int h) {
        for (int k = 0; k < h; k++) {
            fill(x, y + k, w, 1, ColourScale.ramp(1 - (k + 0.5) / h));
        }
    }

    /** Shapes are smoothed; cells are not, so their edges stay crisp and their colours exact. */
    private void antialiased(Runnable draw) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        draw.run();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
    }

    byte[] png() {
        g.dispose();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "png", bytes)) {
                throw new IllegalStateException("this JDK has no PNG writer");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
