package dev.facemask.vision.synth;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The class of a painted face is decidable from its pixels, at the two probes FacePainter documents. */
class FacePainterTest {

    /** Head ellipse of a 96 x 128 px box centred at (60, 80): half-axes a = 48, b = 64 pixels. */
    private static final double CX = 60;
    private static final double CY = 80;
    private static final double A = 48;
    private static final double B = 64;

    @Test
    void shouldShowMaskOverTheNoseOnlyForAProperlyWornMask() {
        for (long seed = 0; seed < 30; seed++) {
            for (FaceWear wear : FaceWear.values()) {
                BufferedImage image = new BufferedImage(120, 160, BufferedImage.TYPE_INT_RGB);
                FacePainter.Colors colors = paint(image, wear, seed);

                boolean maskAtNose = nearerToMask(image, CX - 0.5 * A, CY + 0.15 * B, colors);
                boolean maskAtMouth = nearerToMask(image, CX - 0.5 * A, CY + 0.6 * B, colors);

                assertThat(maskAtNose).as("%s seed %d, nose row", wear, seed).isEqualTo(wear == FaceWear.MASK);
                assertThat(maskAtMouth).as("%s seed %d, mouth row", wear, seed).isEqualTo(wear != FaceWear.NO_MASK);
            }
        }
    }

    @Test
    void shouldPaintTheSingleFaceClassesAsTheFirstVersionDid() {
        BufferedImage viaBoolean = new BufferedImage(120, 160, BufferedImage.TYPE_INT_RGB);
        BufferedImage viaWear = new BufferedImage(120, 160, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = viaBoolean.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.DARK_GRAY);
        g.fillRect(0, 0, 120, 160);
        FacePainter.paint(g, CX, CY, A, B, true, new SplittableRandom(3));
        g.dispose();
        paint(viaWear, FaceWear.MASK, 3);

        assertThat(Arrays.equals(viaBoolean.getRGB(0, 0, 120, 160, null, 0, 120), viaWear.getRGB(0, 0, 120, 160, null, 0, 120)))
                .isTrue();
    }

    private static FacePainter.Colors paint(BufferedImage image, FaceWear wear, long seed) {
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.DARK_GRAY);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            return FacePainter.paint(g, CX, CY, A, B, wear, new SplittableRandom(seed));
        } finally {
            g.dispose();
        }
    }

    /**
     * Whether the 5 x 5 patch around (x, y), channel by channel median (so a 1 to 2 px pleat line
     * through it does not count), is nearer the mask's colour than the skin's. No mask: never.
     */
    private static boolean nearerToMask(BufferedImage image, double x, double y, FacePainter.Colors colors) {
        if (colors.mask() == null) {
            return false;
        }
        int[][] channels = new int[3][25];
        for (int i = 0; i < 25; i++) {
            int rgb = image.getRGB((int) x - 2 + i % 5, (int) y - 2 + i / 5);
            channels[0][i] = rgb >> 16 & 0xff;
            channels[1][i] = rgb >> 8 & 0xff;
            channels[2][i] = rgb & 0xff;
        }
        Color median = new Color(median(channels[0]), median(channels[1]), median(channels[2]));
        return distance(median, colors.mask()) < distance(median, colors.skin());
    }

    private static int median(int[] values) {
        int[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static int distance(Color p, Color q) {
        int dr = p.getRed() - q.getRed();
        int dg = p.getGreen() - q.getGreen();
        int db = p.getBlue() - q.getBlue();
        return dr * dr + dg * dg + db * db;
    }
}
