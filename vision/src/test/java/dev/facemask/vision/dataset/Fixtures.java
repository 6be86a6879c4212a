package dev.facemask.vision.dataset;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;

/** Tiny files for dataset tests, written into a JUnit temp folder. */
final class Fixtures {

    private Fixtures() {}

    /** A small solid-colour image; the format follows the extension (jpg or png). */
    static Path image(Path file, int width, int height) throws IOException {
        Files.createDirectories(file.getParent());
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.ORANGE);
        g.fillRect(0, 0, width, height);
        g.dispose();
        String name = file.getFileName().toString();
        String format = name.endsWith(".png") ? "png" : "jpg";
        ImageIO.write(img, format, file.toFile());
        return file;
    }

    static Path text(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content, StandardCharsets.UTF_8);
    }

    /** An image plus a label file of the same stem in {@code folder}. */
    static Path labelled(Path folder, String stem, String labels) throws IOException {
        image(folder.resolve(stem + ".jpg"), 40, 30);
        return text(folder.resolve(stem + ".txt"), labels);
    }

    /**
     * Every path under {@code root}, relative, sorted, without following links: folders end in
     * {@code /}, links in {@code @}. Compared before and after an unpack, it shows anything written
     * where it should not be.
     */
    static List<String> tree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> !p.equals(root))
                    .map(p -> root.relativize(p).toString().replace('\\', '/')
                            + (Files.isSymbolicLink(p) ? "@" : Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? "/" : ""))
                    .sorted().toList();
        }
    }

    /** A zip of (name, content) pairs, names written verbatim. */
    static Path zip(Path file, String... namesAndContents) throws IOException {
        Files.createDirectories(file.getParent());
        try (OutputStream os = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(os)) {
            for (int i = 0; i < namesAndContents.length; i += 2) {
                zip.putNextEntry(new ZipEntry(namesAndContents[i]));
                zip.write(namesAndContents[i + 1].getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return file;
    }
}
