package dev.facemask.trainer.fit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static dev.facemask.trainer.fit.SquareImages.SIDE;
import static dev.facemask.trainer.fit.SquareImages.meanInside;
import static dev.facemask.trainer.fit.SquareImages.whiteOutside;

import dev.facemask.vision.dataset.Annotation;
import dev.facemask.vision.geometry.Box;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DenseAugmenterTest {

    @Test
    void shouldMoveEveryBoxWithItsPixelsThroughZoomFlipAndMosaic() {
        AugmentOptions geometryOnly = new AugmentOptions(true, 0.6, 1.5, true, 0, 0, 0, 0.5, 0);
        DenseAugmenter augmenter = new DenseAugmenter(geometryOnly, SIDE, 3);
        SplittableRandom random = new SplittableRandom(3);
        int checked = 0;
        for (int i = 0; i < 60; i++) {
            DenseExample e = SquareImages.square(new Box(0.25, 0.3, 0.6, 0.7), 1);
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
        AugmentOptions zoomIn = new AugmentOptions(true, 1.5, 1.5, false, 0, 0, 0, 0, 0);
        DenseAugmenter augmenter = new DenseAugmenter(zoomIn, SIDE, 3);
        SplittableRandom random = new SplittableRandom(1);
        int dropped = 0;
        for (int i = 0; i < 40; i++) {
            DenseAugmenter.Augmented a = augmenter.apply(SquareImages.square(new Box(0.0, 0.0, 0.2, 0.2), 1), random, List::of);
            dropped += a.faces().isEmpty() ? 1 : 0;
            a.faces().forEach(f -> assertThat(f.box().xMin()).isGreaterThanOrEqualTo(0));
        }
        assertThat(dropped).isBetween(1, 39);
    }

    @Test
    void shouldRefuseOptionsOutOfRange() {
        assertThatThrownBy(() -> new AugmentOptions(true, 1.5, 0.6, true, 0, 0, 0, 0, 0))
                .hasMessage("augmentation scale range must satisfy 0 < min <= max, was 1.5..0.6");
        assertThatThrownBy(() -> AugmentOptions.DEFAULTS.withMosaic(1.5)).hasMessage("mosaic is a probability in [0, 1], was 1.5");
    }
}
