package dev.facemask.vision.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facemask.vision.dataset.Annotation;
import dev.facemask.vision.dataset.LabeledImage;
import dev.facemask.vision.geometry.Box;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetGridTest {

    @TempDir
    Path dir;

    private Path grey(String name, int w, int h) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.GRAY);
        g.fillRect(0, 0, w, h);
        g.dispose();
        Path file = dir.resolve(name);
        ImageIO.write(img, "png", file.toFile());
        return file;
    }

    @Test
    void shouldDrawClassZeroGreenAndOthersBlueInTheirCells() throws IOException {
        // 102x102 image in a 104-pixel cell: scale 1, so pixels map one to one after the 1-pixel border.
        LabeledImage masked = new LabeledImage(grey("a.png", 102, 102), List.of(new Annotation(0, new Box(0.5, 0.5, 0.9, 0.9))));
        LabeledImage bare = new LabeledImage(grey("b.png", 102, 51), List.of(new Annotation(1, new Box(0.5, 0.5, 0.9, 0.9))));
        DatasetGrid grid = new DatasetGrid(2, 104, List.of("mask", "no-mask"));

        BufferedImage sheet = grid.render(List.of(masked, bare));

        assertThat(sheet.getWidth()).isEqualTo(208);
        assertThat(sheet.getHeight()).isEqualTo(104);
        // Left edge of the first box: x = 1 + 51, y = 1 + 70.
        assertThat(new Color(sheet.getRGB(52, 71))).isEqualTo(BoxPainter.MASKED);
        // Second cell starts at x = 104; its image is 102x51, box left edge at 104 + 1 + 51, y = 1 + 35.
        assertThat(new Color(sheet.getRGB(156, 36))).isEqualTo(BoxPainter.OTHER);
        // Below the short image is background, not image.
        assertThat(new Color(sheet.getRGB(150, 90))).isEqualTo(Color.DARK_GRAY);
        assertThat(grid.writePng(List.of(masked), dir.resolve("out/grid.png"))).exists();
    }

    @Test
    void shouldDrawABoxWithALabelTab() {
        BufferedImage img = new BufferedImage(100, 100, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();

        BoxPainter.drawBox(g, new Box(0.2, 0.5, 0.6, 0.9), 100, 100, Color.RED, "mask 0.97");
        g.dispose();

        assertThat(new Color(img.getRGB(20, 70))).isEqualTo(Color.RED);
        assertThat(new Color(img.getRGB(40, 90))).isEqualTo(Color.RED);
        assertThat(new Color(img.getRGB(40, 70))).isEqualTo(Color.BLACK);
        assertThat(new Color(img.getRGB(21, 46))).isIn(Color.RED, Color.WHITE); // the label tab above the box
    }
}
