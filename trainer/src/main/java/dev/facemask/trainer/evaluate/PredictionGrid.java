package dev.facemask.trainer.evaluate;

import dev.facemask.vision.dataset.Annotation;
import dev.facemask.vision.dataset.ImageFiles;
import dev.facemask.vision.evaluate.ImageMatch;
import dev.facemask.vision.evaluate.MatchedPrediction;
import dev.facemask.vision.geometry.Box;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Dimension;
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
 *
 * <p>For a model that reports every face, {@link #renderFaces} draws all true boxes in yellow and
 * each prediction green when it found a face of its class (IoU at least 0.5) or red when it is a
 * false alarm, with the found, missed and false-alarm counts underneath.
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
        save(render(outcomes), png);
    }

    /** One cell per outcome, row by row. */
    public BufferedImage render(List<SampleOutcome> outcomes) {
        return sheet(outcomes, this::drawCell);
    }

    /** Writes {@link #renderFaces} as a PNG. */
    public void writeFaces(List<MatchedImage> images, Path png) throws IOException {
        save(renderFaces(images), png);
    }

    private static void save(BufferedImage sheet, Path png) throws IOException {
        Files.createDirectories(png.toAbsolutePath().getParent());
        if (!ImageIO.write(sheet, "png", png.toFile())) {
            throw new IOException("No PNG writer available for " + png);
        }
    }

    /**
     * One cell per image with every face: each true box in yellow, each prediction in green when it
     * found a face of its class or red when it is a false alarm, and the counts underneath.
     *
     * <pre>{@code
     * ImageMatch match = accumulator.add(truths, faces);
     * BufferedImage sheet = grid.renderFaces(List.of(new MatchedImage(imageFile, match)));
     * }</pre>
     */
    public BufferedImage renderFaces(List<MatchedImage> images) {
        return sheet(images, this::drawFacesCell);
    }

    /** Draws one cell at a top-left corner {@code (x0, y0)} of the sheet, pixels. */
    private interface CellPainter<T> {
        void draw(Graphics2D g, T cell, int x0, int y0);
    }

    private <T> BufferedImage sheet(List<T> cells, CellPainter<T> painter) {
        Objects.requireNonNull(cells, "cells");
        if (cells.isEmpty()) {
            throw new IllegalArgumentException("Nothing to draw: no evaluated images");
        }
        int cols = Math.min(columns, cells.size());
        int rows = (cells.size() + cols - 1) / cols;
        BufferedImage sheet = new BufferedImage(cols * cellSize, rows * (cellSize + CAPTION), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, Math.max(10, cellSize / 18)));
            for (int i = 0; i < cells.size(); i++) {
                painter.draw(g, cells.get(i), (i % cols) * cellSize, (i / cols) * (cellSize + CAPTION));
            }
        } finally {
            g.dispose();
        }
        return sheet;
    }

    private void drawCell(Graphics2D g, SampleOutcome outcome, int x0, int y0) {
        Dimension size = drawImage(g, outcome.image(), x0, y0);
        if (size == null) {
            return;
        }
        drawBox(g, outcome.trueBox(), x0, y0, size.width, size.height, TRUTH);
        drawBox(g, outcome.predictedBox(), x0, y0, size.width, size.height, outcome.correct() ? RIGHT : WRONG);
        int line = g.getFontMetrics().getHeight();
        g.setColor(outcome.correct() ? RIGHT : WRONG);
        g.drawString(String.format(Locale.ROOT, "%s %.2f", label(outcome.predictedClass()), outcome.score()),
                x0 + 3, y0 + cellSize + line - 3);
        g.setColor(TRUTH);
        g.drawString(String.format(Locale.ROOT, "true %s IoU %.2f", label(outcome.trueClass()), outcome.iou()),
                x0 + 3, y0 + cellSize + 2 * line - 3);
    }

    private void drawFacesCell(Graphics2D g, MatchedImage cell, int x0, int y0) {
        Dimension size = drawImage(g, cell.image(), x0, y0);
        if (size == null) {
            return;
        }
        ImageMatch match = cell.match();
        for (Annotation truth : match.truths()) {
            drawBox(g, truth.box(), x0, y0, size.width, size.height, TRUTH);
        }
        // Lowest score first, so that the most confident boxes end up on top.
        List<MatchedPrediction> ranked = match.predictions();
        for (int i = ranked.size() - 1; i >= 0; i--) {
            MatchedPrediction p = ranked.get(i);
            drawBox(g, p.face().box(), x0, y0, size.width, size.height, p.matched() ? RIGHT : WRONG);
        }
        int line = g.getFontMetrics().getHeight();
        g.setColor(RIGHT);
        g.drawString(String.format(Locale.ROOT, "found %d of %d faces", match.truePositives(), match.truths().size()),
                x0 + 3, y0 + cellSize + line - 3);
        g.setColor(match.misses() + match.falseAlarms() == 0 ? TRUTH : WRONG);
        g.drawString(String.format(Locale.ROOT, "%d missed, %d false alarms", match.misses(), match.falseAlarms()),
                x0 + 3, y0 + cellSize + 2 * line - 3);
    }

    /**
     * Draws the image scaled so its longer side fits the cell, as the model's letterbox does, and
     * sets the box stroke; returns the drawn size in pixels, or null after drawing a placeholder.
     */
    private Dimension drawImage(Graphics2D g, Path file, int x0, int y0) {
        BufferedImage image = readOrNull(file);
        if (image == null) {
            g.setColor(Color.DARK_GRAY);
            g.fillRect(x0, y0, cellSize, cellSize);
            g.setColor(Color.WHITE);
            g.drawString("unreadable", x0 + 4, y0 + cellSize / 2);
            return null;
        }
        double scale = (double) cellSize / Math.max(image.getWidth(), image.getHeight());
        int w = (int) Math.round(image.getWidth() * scale);
        int h = (int) Math.round(image.getHeight() * scale);
        g.drawImage(image, x0, y0, w, h, null);
        g.setStroke(new BasicStroke(Math.max(2f, cellSize / 112f)));
        return new Dimension(w, h);
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
            return ImageFiles.read(file); // upright, as the model saw it
        } catch (IOException e) {
            return null;
        }
    }
}
