package dev.facemask.trainer.fit;

import static dev.facemask.trainer.fit.SquareImages.SIDE;
import static dev.facemask.trainer.fit.SquareImages.meanInside;
import static dev.facemask.trainer.fit.SquareImages.whiteOutside;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.facemask.vision.dataset.Annotation;
import dev.facemask.vision.geometry.Box;
import dev.facemask.vision.preprocess.Letterbox;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FaceCopyPasteTest {

    /** Three donors of class 0 and one of class 2, each a white square on black. */
    private static final List<DenseExample> DONORS = List.of(
            SquareImages.square(new Box(0.2, 0.2, 0.5, 0.5), 0),
            SquareImages.square(new Box(0.5, 0.1, 0.75, 0.4), 0),
            SquareImages.square(new Box(0.1, 0.6, 0.35, 0.9), 0),
            SquareImages.square(new Box(0.6, 0.6, 0.9, 0.95), 2));

    @Test
    void shouldPasteFacesWithTheirPixelsAtFreePlacesInsideThePhotoAndKeepItsOwnFace() {
        FaceCopyPaste paster = FaceCopyPaste.of(DONORS, SIDE, 3);
        // A landscape photo: only the top half of the padded square is photo.
        Letterbox wide = new Letterbox(2 * SIDE, SIDE, SIDE);
        Annotation own = new Annotation(1, new Box(0.05, 0.05, 0.25, 0.3));
        DenseExample target = SquareImages.squares(wide, List.of(own));
        SplittableRandom random = new SplittableRandom(5);
        int pasted = 0;
        int rare = 0;
        for (int i = 0; i < 200; i++) {
            DenseAugmenter.Augmented a = paster.paste(target.image().pixels(), target.faces(), wide, random);

            assertThat(a.faces().get(0)).isEqualTo(own);
            assertThat(a.faces().size()).isBetween(1, 1 + FaceCopyPaste.MAX_PASTES);
            for (Annotation f : a.faces()) {
                assertThat(meanInside(a.pixels(), f.box())).as("white inside %s", f.box()).isGreaterThan(0.9);
                assertThat(f.box().yMax()).as("inside the photo, not the padding").isLessThanOrEqualTo(0.5);
                for (Annotation g : a.faces()) {
                    assertThat(f == g || f.box().iou(g.box()) == 0).as("%s overlaps %s", f, g).isTrue();
                }
            }
            assertThat(whiteOutside(a.pixels(), a.faces())).as("white pixels outside every box").isLessThan(0.01);
            for (Annotation f : a.faces().subList(1, a.faces().size())) {
                assertThat(f.classId()).isIn(0, 2);
                rare += f.classId() == 2 ? 1 : 0;
                pasted++;
            }
        }
        assertThat(target.image().pixels()).as("the example's own pixels are untouched")
                .isEqualTo(SquareImages.squares(wide, List.of(own)).image().pixels());
        // Two pastes an image on average, less the faces too large for a free place in the 64 x 32 photo.
        assertThat(pasted).isGreaterThan(150);
        // One donor of four is class 2, but each class is drawn as often as the other.
        assertThat((double) rare / pasted).isBetween(0.4, 0.6);
    }

    @Test
    void shouldTakeNoDonorTooSmallToEnlargeOrCutByTheImageEdge() {
        List<DenseExample> examples = List.of(
                SquareImages.square(new Box(0.1, 0.1, 0.1 + 5.0 / SIDE, 0.3), 0),
                SquareImages.square(new Box(-0.1, 0.2, 0.3, 0.5), 1),
                SquareImages.square(new Box(0.4, 0.4, 0.4 + 6.0 / SIDE, 0.4 + 6.0 / SIDE), 2));
        FaceCopyPaste paster = FaceCopyPaste.of(examples, SIDE, 3);

        assertThat(paster.donorCount()).isEqualTo(1);
        DenseAugmenter.Augmented a = paster.paste(new float[SIDE * SIDE * 3], List.of(),
                new Letterbox(SIDE, SIDE, SIDE), new SplittableRandom(1));
        assertThat(a.faces()).isNotEmpty().allSatisfy(f -> assertThat(f.classId()).isEqualTo(2));
    }

    @Test
    void shouldLeaveAnImageAsItIsWithoutDonors() {
        FaceCopyPaste paster = FaceCopyPaste.of(List.of(), SIDE, 3);
        DenseExample target = SquareImages.square(new Box(0.2, 0.2, 0.4, 0.4), 1);

        DenseAugmenter.Augmented a = paster.paste(target.image().pixels(), target.faces(),
                target.image().letterbox(), new SplittableRandom(1));

        assertThat(paster.donorCount()).isZero();
        assertThat(a.faces()).isEqualTo(target.faces());
        assertThat(a.pixels()).isEqualTo(target.image().pixels());
    }

    @Test
    void shouldCarryPastedFacesThroughZoomOutFlipAndMosaic() {
        // Zooming out only: a crop would drop a mostly cut face and leave its pixels outside every box.
        AugmentOptions geometry = new AugmentOptions(true, 0.6, 1.0, true, 0, 0, 0, 0.5, 1);
        DenseAugmenter augmenter = new DenseAugmenter(geometry, SIDE, 3, DONORS);
        SplittableRandom random = new SplittableRandom(9);
        int faces = 0;
        for (int i = 0; i < 60; i++) {
            DenseExample e = DONORS.get(i % DONORS.size());
            DenseAugmenter.Augmented a = augmenter.apply(e, random, () -> List.of(e, e, e));
            for (Annotation f : a.faces()) {
                assertThat(meanInside(a.pixels(), f.box())).as("white inside %s", f.box()).isGreaterThan(0.9);
            }
            assertThat(whiteOutside(a.pixels(), a.faces())).as("white pixels outside every box").isLessThan(0.02);
            faces += a.faces().size();
        }
        // Without pasting, one face an image (four in a mosaic, half the time): about 150 in all.
        assertThat(faces).isGreaterThan(200);
    }

    @Test
    void shouldRefuseAProbabilityOutOfRange() {
        assertThatThrownBy(() -> AugmentOptions.DEFAULTS.withCopyPaste(1.5))
                .hasMessage("copy-paste is a probability in [0, 1], was 1.5");
        assertThat(AugmentOptions.DEFAULTS.copyPaste()).isZero();
    }
}
