package dev.facemask.vision.preprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class PreprocessorTest {

    private static BufferedImage solid(int w, int h, Color c) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(c);
        g.fillRect(0, 0, w, h);
        g.dispose();
        return img;
    }

    @Test
    void shouldPutAWideImageTopLeftAndZeroTheRowsBelow() {
        PreparedImage p = new Preprocessor(32, ColorMode.RGB).prepare(solid(64, 32, new Color(255, 128, 0)));

        float[] px = p.pixels();
        assertThat(px).hasSize(32 * 32 * 3);
        assertThat(p.letterbox().scaledHeight()).isEqualTo(16);
        // Row 0, column 0 and row 15, column 31: image (HWC, RGB).
        assertThat(px[0]).isEqualTo(1f);
        assertThat(px[1]).isCloseTo(128 / 255f, within(1e-6f));
        assertThat(px[2]).isZero();
        assertThat(px[(15 * 32 + 31) * 3]).isEqualTo(1f);
        // Rows 16..31: padding, all zero.
        for (int i = 16 * 32 * 3; i < px.length; i++) {
            assertThat(px[i]).as("padding float %d", i).isZero();
        }
    }

    @Test
    void shouldPutATallImageTopLeftAndZeroTheColumnsRightOfIt() {
        PreparedImage p = new Preprocessor(40, ColorMode.GRAYSCALE).prepare(solid(10, 40, Color.WHITE));

        float[] px = p.pixels();
        assertThat(px).hasSize(40 * 40);
        assertThat(p.channels()).isEqualTo(1);
        for (int y = 0; y < 40; y++) {
            for (int x = 0; x < 40; x++) {
                float v = px[y * 40 + x];
                if (x < 10) {
                    assertThat(v).as("image pixel %d,%d", x, y).isCloseTo(1f, within(1e-5f));
                } else {
                    assertThat(v).as("padding pixel %d,%d", x, y).isZero();
                }
            }
        }
    }

    /** A square image at the input size is copied, not resampled: every float is its pixel's channel / 255. */
    @Test
    void shouldGiveEachChannelOverTwoHundredFiftyFiveOfAnImageAlreadyAtTheInputSize() {
        BufferedImage img = new BufferedImage(16, 16, BufferedImage.TYPE_3BYTE_BGR);
        java.util.Random random = new java.util.Random(7);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                img.setRGB(x, y, random.nextInt());
            }
        }
        float[] rgb = new Preprocessor(16, ColorMode.RGB).prepare(img).pixels();
        float[] grey = new Preprocessor(16, ColorMode.GRAYSCALE).prepare(img).pixels();

        for (int i = 0; i < 16 * 16; i++) {
            int p = img.getRGB(i % 16, i / 16);
            float r = ((p >> 16) & 0xff) / 255f;
            float g = ((p >> 8) & 0xff) / 255f;
            float b = (p & 0xff) / 255f;
            assertThat(new float[] {rgb[3 * i], rgb[3 * i + 1], rgb[3 * i + 2]}).as("pixel %d", i).containsExactly(r, g, b);
            assertThat(grey[i]).as("grey pixel %d", i).isEqualTo(0.299f * r + 0.587f * g + 0.114f * b);
        }
    }
}
