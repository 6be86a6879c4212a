package dev.facemask.vision.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

/** A 3 x 2 image with pixels A B C / D E F, turned by hand for each orientation. */
class OrientationTransformTest {

    private static final int A = 0x0A, B = 0x0B, C = 0x0C, D = 0x0D, E = 0x0E, F = 0x0F;

    @Test
    void shouldTurnEachOrientationUpright() {
        assertThat(rows(apply(Orientation.NORMAL))).isEqualTo(new int[][] {{A, B, C}, {D, E, F}});
        assertThat(rows(apply(Orientation.MIRROR_HORIZONTAL))).isEqualTo(new int[][] {{C, B, A}, {F, E, D}});
        assertThat(rows(apply(Orientation.ROTATE_180))).isEqualTo(new int[][] {{F, E, D}, {C, B, A}});
        assertThat(rows(apply(Orientation.MIRROR_VERTICAL))).isEqualTo(new int[][] {{D, E, F}, {A, B, C}});
        assertThat(rows(apply(Orientation.TRANSPOSE))).isEqualTo(new int[][] {{A, D}, {B, E}, {C, F}});
        assertThat(rows(apply(Orientation.ROTATE_90_CW))).isEqualTo(new int[][] {{D, A}, {E, B}, {F, C}});
        assertThat(rows(apply(Orientation.TRANSVERSE))).isEqualTo(new int[][] {{F, C}, {E, B}, {D, A}});
        assertThat(rows(apply(Orientation.ROTATE_90_CCW))).isEqualTo(new int[][] {{C, F}, {B, E}, {A, D}});
    }

    @Test
    void shouldReturnTheSameImageWhenAlreadyUpright() {
        BufferedImage image = stored();

        assertThat(OrientationTransform.apply(image, Orientation.NORMAL)).isSameAs(image);
    }

    @Test
    void shouldKeepTheImageTypeAndExactGreyLevels() {
        BufferedImage grey = new BufferedImage(3, 2, BufferedImage.TYPE_BYTE_GRAY);
        grey.getRaster().setSamples(0, 0, 3, 2, 0, new int[] {1, 2, 3, 4, 5, 6});

        BufferedImage turned = OrientationTransform.apply(grey, Orientation.ROTATE_90_CW);

        assertThat(turned.getType()).isEqualTo(BufferedImage.TYPE_BYTE_GRAY);
        assertThat(turned.getRaster().getSamples(0, 0, 2, 3, 0, (int[]) null)).containsExactly(4, 1, 5, 2, 6, 3);
    }

    @Test
    void shouldMapTagsOutsideOneToEightToNormal() {
        assertThat(Orientation.fromTag(0)).isEqualTo(Orientation.NORMAL);
        assertThat(Orientation.fromTag(9)).isEqualTo(Orientation.NORMAL);
        assertThat(Orientation.fromTag(6)).isEqualTo(Orientation.ROTATE_90_CW);
    }

    private static BufferedImage stored() {
        BufferedImage image = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, 3, 2, new int[] {A, B, C, D, E, F}, 0, 3);
        return image;
    }

    private static BufferedImage apply(Orientation orientation) {
        return OrientationTransform.apply(stored(), orientation);
    }

    private static int[][] rows(BufferedImage image) {
        int[][] rows = new int[image.getHeight()][image.getWidth()];
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                rows[y][x] = image.getRGB(x, y) & 0xFFFFFF;
            }
        }
        return rows;
    }
}
