package dev.facemask.vision.render;

import dev.facemask.vision.dataset.Annotation;
import dev.facemask.vision.dataset.ImageFiles;
import dev.facemask.vision.dataset.LabeledImage;
import dev.facemask.vision.geometry.Box;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * A contact sheet of labelled images: each scaled into a square cell (keeping its aspect ratio,
 * top-left aligned like the model input) with its boxes, green for class 0 and blue for the others.
 *
 * @param columns cells per row
 * @param cellSize side of a cell, pixels
 * @param classNames names for the box labels, by class id
 */
public record DatasetGrid(int columns, int cellSize, List<String> classNames) {

    public DatasetGrid {
        if (columns <= 0 || cellSize < 16) {
            throw new IllegalArgumentException("Need columns >= 1 and cellSize >= 16, were " + columns + ", " + cellSize);
        }
        classNames = List.copyOf(classNames);
    }

    /** An image already in memory and its faces, boxes normalised to it. */
    public record Picture(BufferedImage image, List<Annotation> faces) {}

    /** Draws the images in order; rows as needed. */
    public BufferedImage render(List<LabeledImage> images) throws IOException {
        List<Picture> pictures = new ArrayList<>(images.size());
        for (LabeledImage item : images) {
            pictures.add(new Picture(ImageFiles.read(item.image()), item.annotations()));
        }
        return renderPictures(pictures);
    }

    /** Draws pictures in memory in order, such as training crops; rows as needed. */
    public BufferedImage renderPictures(List<Picture> images) {
        int rows = Math.max(1, (images.size() + columns - 1) / columns);
        BufferedImage sheet = new BufferedImage(columns * cellSize, rows * cellSize, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setColor(Color.DARK_GRAY);
            g.fillRect(0, 0, sheet.getWidth(), sheet.getHeight());
            for (int i = 0; i < images.size(); i++) {
                drawCell(g, images.get(i), (i % columns) * cellSize, (i / columns) * cellSize);
            }
        } finally {
            g.dispose();
        }
        return sheet;
    }

    /** Renders and writes a PNG, creating parent folders. */
    public Path writePng(List<LabeledImage> images, Path png) throws IOException {
        return write(render(images), png);
    }

    /** Renders pictures in memory and writes a PNG, creating parent folders. */
    public Path writePicturesPng(List<Picture> pictures, Path png) throws IOException {
        return write(renderPictures(pictures), png);
    }

    private static Path write(BufferedImage sheet, Path png) throws IOException {
        Path parent = png.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        if (!ImageIO.write(sheet, "png", png.toFile())) {
            throw new IOException("No PNG writer available for " + png);
        }
        return png;
    }

    private void drawCell(Graphics2D g, Picture item, int x0, int y0) {
        BufferedImage image = item.image();
        double scale = (double) (cellSize - 2) / Math.max(image.getWidth(), image.getHeight());
        int w = Math.max(1, (int) Math.round(image.getWidth() * scale));
        int h = Math.max(1, (int) Math.round(image.getHeight() * scale));
        Graphics2D cell = (Graphics2D) g.create(x0 + 1, y0 + 1, cellSize - 2, cellSize - 2);
        try {
            cell.drawImage(image, 0, 0, w, h, null);
            for (Annotation a : item.faces()) {
                Box px = a.box().toPixels(w, h);
                BoxPainter.drawBox(cell, px, BoxPainter.colorFor(a.classId()), label(a.classId()));
            }
        } finally {
            cell.dispose();
        }
    }

    private String label(int classId) {
        return classId < classNames.size() ? classNames.get(classId) : "class-" + classId;
    }
}
