package dev.facemask.trainer.fit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.facemask.vision.dataset.Annotation;
import dev.facemask.vision.geometry.Box;
import dev.facemask.vision.preprocess.Letterbox;
import dev.facemask.vision.preprocess.PreparedImage;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DenseAugmenterTest {

    private static final int SIDE = 64;

    /** A black image with one white square, labelled by its box. */
    private static DenseExample square(Box box) {
        float[] px = new float[SIDE * SIDE * 3];
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                if (box.contains((x + 0.5) / SIDE, (y + 0.5) / SIDE)) {
                    for (int c = 0; c < 3; c++) {
                        px[(y * SIDE + x) * 3 + c] = 1f;
                    }
                }
            }
        }
        return new DenseExample(new PreparedImage(px, new Letterbox(SIDE, SIDE, SIDE), 3), List.of(new Annotation(1, box)));
    }

    @Test
    void shouldMoveEveryBoxWithItsPixelsThroughZoomFlipAndMosaic() {
        AugmentOptions geometryOnly = new AugmentOptions(true, 0.6, 1.5, true, 0, 0, 0, 0.5);
        DenseAugmenter augmenter = new DenseAugmenter(geometryOnly, SIDE, 3);
        SplittableRandom random = new SplittableRandom(3);
        int checked = 0;
        for (int i = 0; i < 60; i++) {
            DenseExample e = square(new Box(0.25, 0.3, 0.6, 0.7));
            DenseAugmenter.Augmented a = augmenter.apply(e, random, () -> List.of(e, e, e));
            for (Annotation f : a.faces()) {
                assertThat(f.classId()).isEqualTo(1);
                assertThat(meanInside(a.pixels(), f.box())).as("white inside box %s", f.box()).isGreaterThan(0.9);
                checked++;
            }
            assertThat(whiteOutside(a.pixels(), a.faces())).as("white pixels outside every box").isLessThan(0.02);
        }
        assertThat(checked).isGreaterThan(60);
    }

    @Test
    void shouldDropAFaceCutByTheCropToLessThanItsVisibleShare() {
        AugmentOptions zoomIn = new AugmentOptions(true, 1.5, 1.5, false, 0, 0, 0, 0);
        DenseAugmenter augmenter = new DenseAugmenter(zoomIn, SIDE, 3);
        SplittableRandom random = new SplittableRandom(1);
        int dropped = 0;
        for (int i = 0; i < 40; i++) {
            DenseAugmenter.Augmented a = augmenter.apply(square(new Box(0.0, 0.0, 0.2, 0.2)), random, List::of);
            dropped += a.faces().isEmpty() ? 1 : 0;
            a.faces().forEach(f -> assertThat(f.box().xMin()).isGreaterThanOrEqualTo(0));
        }
        assertThat(dropped).isBetween(1, 39);
    }

    @Test
    void shouldRefuseOptionsOutOfRange() {
        assertThatThrownBy(() -> new AugmentOptions(true, 1.5, 0.6, true, 0, 0, 0, 0))
                .hasMessage("augmentation scale range must satisfy 0 < min <= max, was 1.5..0.6");
        assertThatThrownBy(() -> AugmentOptions.DEFAULTS.withMosaic(1.5)).hasMessage("mosaic is a probability in [0, 1], was 1.5");
    }

    private static double meanInside(float[] px, Box b) {
        double sum = 0;
        int n = 0;
        for (int y = (int) Math.ceil(b.yMin() * SIDE + 1); y < (int) Math.floor(b.yMax() * SIDE - 1); y++) {
            for (int x = (int) Math.ceil(b.xMin() * SIDE + 1); x < (int) Math.floor(b.xMax() * SIDE - 1); x++) {
                sum += px[(y * SIDE + x) * 3];
                n++;
            }
        }
        return n == 0 ? 1 : sum / n;
    }

    /** Share of bright pixels more than one pixel away from every box. */
    private static double whiteOutside(float[] px, List<Annotation> faces) {
        int white = 0;
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                double cx = (x + 0.5) / SIDE;
                double cy = (y + 0.5) / SIDE;
                double m = 1.5 / SIDE;
                boolean near = faces.stream().anyMatch(f -> new Box(f.box().xMin() - m, f.box().yMin() - m,
                        f.box().xMax() + m, f.box().yMax() + m).contains(cx, cy));
                if (!near && px[(y * SIDE + x) * 3] > 0.5f) {
                    white++;
                }
            }
        }
        return (double) white / (SIDE * SIDE);
    }
}
