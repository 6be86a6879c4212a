package dev.facemask.trainer.evaluate;

import dev.facemask.vision.geometry.Box;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javax.imageio.ImageIO;

/**
 * A PNG contact sheet of predictions: each cell shows one test image scaled to fit, the true box in
 * yellow and the predicted box in green when the class is right or red when it is wrong, with the
 * predicted label and score and the true label and IoU underneath.
 */
public final class PredictionGrid {

    public static final Color RIGHT = new Color(0, 200, 0);
    public static final Color WRONG = new Color(230, 0, 0);
    public static final Color TRUTH = new Color(255, 215, 0);
    /** Height of the caption strip under each image, pixels. */
    public static final int CAPTION = 34;

    private final List<String> classes;
    private final int columns;
    private final int cellSize;

    /**
     * @param classes class names by index, for captions
     * @param columns cells per row, at least 1
     * @param cellSize side of the square image area of a cell, pixels, at least 32
     */
    public PredictionGrid(List<String> classes, int columns, int cellSize) {
        this.classes = List.copyOf(classes);
        if (columns < 1 || cellSize < 32) {
            throw new IllegalArgumentException("Grid needs at least 1 column and cells of 32 px; got " + columns
                    + " columns of " + cellSize + " px");
        }
        this.columns = columns;
        this.cellSize = cellSize;
    }

    public void write(List<SampleOutcome> outcomes, Path png) throws IOException {
        Files.createDirectories(png.toAbsolutePath().getParent());
        if (!ImageIO.write(render(outcomes), "png", png.toFile())) {
            throw new IOException("No PNG writer available for " + png);
        }
    }

    /** One cell per outcome, row by row. */
    public BufferedImage render(List<SampleOutcome> outcomes) {
        Objects.requireNonNull(outcomes, "outcomes");
        if (outcomes.isEmpty()) {
            throw new IllegalArgumentException("Nothing to draw: no evaluated images");
        }
        int cols = Math.min(columns, outcomes.size());
        int rows = (outcomes.size() + cols - 1) / cols;
        BufferedImage sheet = new BufferedImage(cols * cellSize, rows * (cellSize + CAPTION), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, Math.max(10, cellSize / 18)));
            for (int i = 0; i < outcomes.size(); i++) {
                drawCell(g, outcomes.get(i), (i % cols) * cellSize, (i / cols) * (cellSize + CAPTION));
            }
        } finally {
            g.dispose();
        }
        return sheet;
    }

    private void drawCell(Graphics2D g, SampleOutcome outcome, int x0, int y0) {
        BufferedImage image = readOrNull(outcome.image());
        if (image == null) {
            g.setColor(Color.DARK_GRAY);
            g.fillRect(x0, y0, cellSize, cellSize);
            g.setColor(Color.WHITE);
            g.drawString("unreadable", x0 + 4, y0 + cellSize / 2);
            return;
        }
        // Fit the longer side to the cell, as the model's letterbox does.
        double scale = (double) cellSize / Math.max(image.getWidth(), image.getHeight());
        int w = (int) Math.round(image.getWidth() * scale);
        int h = (int) Math.round(image.getHeight() * scale);
        g.drawImage(image, x0, y0, w, h, null);
        g.setStroke(new BasicStroke(Math.max(2f, cellSize / 112f)));
        drawBox(g, outcome.trueBox(), x0, y0, w, h, TRUTH);
        drawBox(g, outcome.predictedBox(), x0, y0, w, h, outcome.correct() ? RIGHT : WRONG);
        int line = g.getFontMetrics().getHeight();
        g.setColor(outcome.correct() ? RIGHT : WRONG);
        g.drawString(String.format(Locale.ROOT, "%s %.2f", label(outcome.predictedClass()), outcome.score()),
                x0 + 3, y0 + cellSize + line - 3);
        g.setColor(TRUTH);
        g.drawString(String.format(Locale.ROOT, "true %s IoU %.2f", label(outcome.trueClass()), outcome.iou()),
                x0 + 3, y0 + cellSize + 2 * line - 3);
    }

    private static void drawBox(Graphics2D g, Box box, int x0, int y0, int w, int h, Color color) {
        Box px = box.toPixels(w, h);
        g.setColor(color);
        g.drawRect(x0 + (int) Math.round(px.xMin()), y0 + (int) Math.round(px.yMin()),
                (int) Math.round(px.width()), (int) Math.round(px.height()));
    }

    private String label(int classId) {
        return classId >= 0 && classId < classes.size() ? classes.get(classId) : "class-" + classId;
    }

    private static BufferedImage readOrNull(Path file) {
        try {
            return ImageIO.read(file.toFile());
        } catch (IOException e) {
            return null;
        }
    }
}
