package dev.facemask.trainer.explain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.facemask.vision.preprocess.Letterbox;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GradCamOverlayTest {

    // 200x100 landscape into a 100x100 input: scaled to 100x50, padding in the bottom half.
    private static final Letterbox LANDSCAPE = new Letterbox(200, 100, 100);

    /** A 4x4 grid, all 0 except one cell. */
    private static float[] oneHot(int row, int col) {
        float[] grid = new float[16];
        grid[row * 4 + col] = 1f;
        return grid;
    }

    private static int argmax(float[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }

    @Test
    void shouldPutThePeakAtTheCellCentreOnTheOriginalFrame() {
        // Cell (row 1, col 2) centre in input pixels: (2.5 * 25, 1.5 * 25) = (62.5, 37.5);
        // on the 200x100 original, scale 2: (125, 75), between pixels 124 and 125.
        float[] heat = GradCamOverlay.upsample(LANDSCAPE, oneHot(1, 2), 4);

        int peak = argmax(heat);
        assertThat(peak % 200).isBetween(124, 125);
        assertThat(peak / 200).isBetween(74, 75);
        assertThat(heat[peak]).isGreaterThan(0.95f);
        assertThat(heat[0]).isZero();
    }

    @Test
    void shouldNotShowTheCellsOverThePadding() {
        // Rows 2 and 3 of the grid lie over the padding (input rows 50..100), so a peak there
        // barely reaches the image: only through the bilinear ramp at its bottom edge.
        float[] heat = GradCamOverlay.upsample(LANDSCAPE, oneHot(3, 1), 4);

        float max = heat[argmax(heat)];
        assertThat(max).isZero();
    }

    @Test
    void shouldColourHotRedAndColdBlue() {
        // 100x50 into 100: scale 1, so pixel (62, 37) has its centre exactly on cell (1, 2)'s centre.
        Letterbox unscaled = new Letterbox(100, 50, 100);
        BufferedImage gray = new BufferedImage(100, 50, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = gray.createGraphics();
        g.setColor(new Color(128, 128, 128));
        g.fillRect(0, 0, 100, 50);
        g.dispose();

        BufferedImage out = new GradCamOverlay(0.5).render(gray, unscaled, oneHot(1, 2), 4);

        // jet(1) = (128, 0, 0) blended half with gray 128: (128, 64, 64).
        assertThat(new Color(out.getRGB(62, 37))).isEqualTo(new Color(128, 64, 64));
        // jet(0) = (0, 0, 128): (64, 64, 128).
        assertThat(new Color(out.getRGB(5, 5))).isEqualTo(new Color(64, 64, 128));
        assertThat(out.getWidth()).isEqualTo(100);
        assertThat(out.getHeight()).isEqualTo(50);
    }

    @Test
    void shouldMapJetEndsAndMiddle() {
        assertThat(JetColorMap.rgb(0)).isEqualTo(0x000080);
        assertThat(JetColorMap.rgb(0.5)).isEqualTo(0x80FF80);
        assertThat(JetColorMap.rgb(1)).isEqualTo(0x800000);
        assertThat(JetColorMap.rgb(7)).isEqualTo(0x800000);
    }

    @Test
    void shouldWriteAReadablePng(@TempDir Path temp) throws Exception {
        BufferedImage image = new BufferedImage(200, 100, BufferedImage.TYPE_INT_RGB);
        Path png = temp.resolve("sub/overlay.png");

        GradCamOverlay.writePng(new GradCamOverlay().render(image, LANDSCAPE, oneHot(0, 0), 4), png);

        assertThat(Files.exists(png)).isTrue();
        assertThat(ImageIO.read(png.toFile()).getWidth()).isEqualTo(200);
    }

    @Test
    void shouldRefuseAHeatmapOfTheWrongSize() {
        assertThatThrownBy(() -> GradCamOverlay.upsample(LANDSCAPE, new float[15], 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Heatmap has 15 values; expected 4x4");
    }

    @Test
    void shouldRefuseAnImageThatDoesNotMatchTheLetterbox() {
        BufferedImage image = new BufferedImage(100, 100, BufferedImage.TYPE_INT_RGB);

        assertThatThrownBy(() -> new GradCamOverlay().render(image, LANDSCAPE, oneHot(0, 0), 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Letterbox is for 200x100 but the image is 100x100");
    }
}
