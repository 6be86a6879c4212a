package dev.facemask.vision.render;

import dev.facemask.vision.geometry.Box;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;

/** Draws labelled boxes; shared by the dataset grid and the prediction grids of the trainer and CLI. */
public final class BoxPainter {

    /** Class 0 (masked). */
    public static final Color MASKED = new Color(0, 200, 0);
    /** Every other class. */
    public static final Color OTHER = new Color(30, 110, 255);

    private BoxPainter() {}

    /** Green for class 0, blue for the rest. */
    public static Color colorFor(int classId) {
        return classId == 0 ? MASKED : OTHER;
    }

    /**
     * Draws a 2-pixel box and, when {@code label} is not null, the label on a filled tab above it (or
     * inside it when the box touches the top).
     *
     * @param pixelBox corners in the graphics' pixel coordinates (use {@code box.toPixels(w, h)} on a normalised box)
     */
    public static void drawBox(Graphics2D g, Box pixelBox, Color color, String label) {
        g.setColor(color);
        g.setStroke(new BasicStroke(2f));
        g.draw(new Rectangle2D.Double(pixelBox.xMin(), pixelBox.yMin(), pixelBox.width(), pixelBox.height()));
        if (label == null || label.isEmpty()) {
            return;
        }
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 11));
        FontMetrics fm = g.getFontMetrics();
        int tw = fm.stringWidth(label) + 4;
        int th = fm.getHeight();
        int x = (int) Math.round(pixelBox.xMin());
        int y = (int) Math.round(pixelBox.yMin()) - th;
        if (y < 0) {
            y = (int) Math.round(pixelBox.yMin());
        }
        g.fillRect(x, y, tw, th);
        g.setColor(Color.WHITE);
        g.drawString(label, x + 2, y + fm.getAscent());
    }

    /** Same as {@link #drawBox(Graphics2D, Box, Color, String)} for a box normalised to a {@code width x height} frame. */
    public static void drawBox(Graphics2D g, Box normalised, int width, int height, Color color, String label) {
        drawBox(g, normalised.toPixels(width, height), color, label);
    }
}
