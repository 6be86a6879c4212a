package dev.facemask.trainer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.facemask.vision.dataset.Annotation;
import dev.facemask.vision.geometry.Box;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FaceCropperTest {

    private static final FaceCropper CROPPER = new FaceCropper(FaceCropOptions.DEFAULTS);

    /** A face of {@code w x h} pixels at {@code (x, y)} in a 400 x 300 photo. */
    private static Annotation face(int classId, int x, int y, int w, int h) {
        return new Annotation(classId, new Box(x / 400.0, y / 300.0, (x + w) / 400.0, (y + h) / 300.0));
    }

    @Test
    void shouldCropALoneFaceWholeAtADrawnShareOfTheCrop() {
        List<Annotation> faces = List.of(face(1, 180, 120, 40, 50));
        for (long seed = 0; seed < 50; seed++) {
            FaceCropper.Window w = CROPPER.window(faces, 0, 400, 300, new Random(seed)).orElseThrow();

            assertThat(w.width()).as("seed %d", seed).isEqualTo(w.height());
            // The longer side, 50 px, at 0.2 to 0.5 of the crop: 100 to 250 px.
            assertThat(w.width()).isBetween(100, 250);
            assertThat(w.x()).isBetween(0, 180);
            assertThat(w.x() + w.width()).isBetween(220, 400);
            assertThat(w.y()).isBetween(0, 120);
            assertThat(w.y() + w.height()).isBetween(170, 300);
        }
    }

    @Test
    void shouldMapTheFaceBoxToTheSamePixelsOfTheCrop() {
        BufferedImage photo = new BufferedImage(400, 300, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = photo.createGraphics();
        g.setColor(Color.RED);
        g.fillRect(180, 120, 40, 50);
        g.dispose();

        FaceCropper.Crop crop = CROPPER.crop(photo, List.of(face(1, 180, 120, 40, 50)), 0, new Random(3)).orElseThrow();

        Box b = crop.face().box();
        int x0 = (int) Math.round(b.xMin() * crop.image().getWidth());
        int y0 = (int) Math.round(b.yMin() * crop.image().getHeight());
        int x1 = (int) Math.round(b.xMax() * crop.image().getWidth());
        int y1 = (int) Math.round(b.yMax() * crop.image().getHeight());
        assertThat(crop.face().classId()).isEqualTo(1);
        assertThat(x1 - x0).isEqualTo(40);
        assertThat(y1 - y0).isEqualTo(50);
        // Red exactly inside the box, black just outside it.
        assertThat(crop.image().getRGB(x0, y0) & 0xffffff).isEqualTo(0xff0000);
        assertThat(crop.image().getRGB(x1 - 1, y1 - 1) & 0xffffff).isEqualTo(0xff0000);
        assertThat(crop.image().getRGB(x0 - 1, y0) & 0xffffff).isZero();
        assertThat(crop.image().getRGB(x1, y1 - 1) & 0xffffff).isZero();
        assertThat(crop.image().getRGB(x0, y1) & 0xffffff).isZero();
    }

    @Test
    void shouldLeaveOutAFaceSmallerThanTheSmallestToCrop() {
        List<Annotation> faces = List.of(face(0, 10, 10, 31, 20), face(0, 200, 100, 32, 20));

        assertThat(CROPPER.window(faces, 0, 400, 300, new Random(1))).isEmpty();
        assertThat(CROPPER.window(faces, 1, 400, 300, new Random(1))).isPresent();
        assertThat(new FaceCropper(FaceCropOptions.DEFAULTS.withMinFacePixels(31))
                .window(faces, 0, 400, 300, new Random(1))).isPresent();
    }

    @Test
    void shouldCutTighterUntilANeighbourIsNoMoreThanASliver() {
        // Two 40 px faces 20 px apart: a crop at a share of 0.2 (200 px) would hold the other whole.
        List<Annotation> faces = List.of(face(0, 140, 130, 40, 40), face(1, 200, 130, 40, 40));
        for (long seed = 0; seed < 50; seed++) {
            FaceCropper.Window w = CROPPER.window(faces, 0, 400, 300, new Random(seed)).orElseThrow();
            Box window = new Box(w.x() / 400.0, w.y() / 300.0, (w.x() + w.width()) / 400.0, (w.y() + w.height()) / 300.0);

            assertThat(faces.get(1).box().shareInside(window)).as("seed %d", seed).isLessThanOrEqualTo(0.15);
            assertThat(faces.get(0).box().shareInside(window)).isCloseTo(1.0, within(1e-9));
            // Narrower than the widest draw (200 px), which centred within 40 px of the face holds half the neighbour.
            assertThat(w.width()).isBetween(50, 199);
        }
    }

    @Test
    void shouldLeaveOutAFaceThatNoWindowSeparatesFromItsNeighbour() {
        // A face half covered by another: even the tightest crop (the face at 0.8 of it) holds half the other.
        List<Annotation> faces = List.of(face(0, 100, 100, 40, 40), face(1, 120, 100, 40, 40));

        assertThat(CROPPER.window(faces, 0, 400, 300, new Random(7))).isEmpty();
        assertThat(CROPPER.window(faces, 1, 400, 300, new Random(7))).isEmpty();
    }

    @Test
    void shouldKeepTheWindowInsideThePhotoForAFaceAtItsCorner() {
        List<Annotation> faces = List.of(face(2, 0, 0, 60, 60), face(0, 340, 240, 60, 60));
        for (long seed = 0; seed < 20; seed++) {
            FaceCropper.Window corner = CROPPER.window(faces, 0, 400, 300, new Random(seed)).orElseThrow();
            FaceCropper.Window opposite = CROPPER.window(faces, 1, 400, 300, new Random(seed)).orElseThrow();

            assertThat(corner.x()).isZero();
            assertThat(corner.y()).isZero();
            assertThat(opposite.x() + opposite.width()).isEqualTo(400);
            assertThat(opposite.y() + opposite.height()).isEqualTo(300);
        }
    }

    @Test
    void shouldDrawTheSameCropsFromTheSameSeed() {
        List<Annotation> faces = List.of(face(0, 50, 50, 40, 40), face(1, 300, 200, 50, 50));
        Random a = new Random(11);
        Random b = new Random(11);

        Optional<FaceCropper.Window> a0 = CROPPER.window(faces, 0, 400, 300, a);
        Optional<FaceCropper.Window> a1 = CROPPER.window(faces, 1, 400, 300, a);

        assertThat(a0).isEqualTo(CROPPER.window(faces, 0, 400, 300, b));
        assertThat(a1).isEqualTo(CROPPER.window(faces, 1, 400, 300, b));
        assertThat(a0).isNotEqualTo(CROPPER.window(faces, 0, 400, 300, new Random(12)));
    }

    @Test
    void shouldRefuseOptionsOutOfRangeAndNameThem() {
        assertThatThrownBy(() -> FaceCropOptions.DEFAULTS.withMinFacePixels(0))
                .hasMessage("The smallest face to crop must be at least 1 pixel, was 0");
        assertThatThrownBy(() -> new FaceCropOptions(32, 0.5, 0.9, 0.1, 1))
                .hasMessage("Face shares of a crop must satisfy 0 < min <= max <= 0.8, were 0.5 and 0.9");
        assertThatThrownBy(() -> new FaceCropOptions(32, 0.2, 0.5, 1.0, 1))
                .hasMessage("The share of another face allowed in a crop must be in [0, 1), was 1.0");
        assertThatThrownBy(() -> FaceCropOptions.DEFAULTS.withBoxWeight(1.5))
                .hasMessage("A crop's box weight must be in 0..1, was 1.5");
        assertThat(FaceCropOptions.DEFAULTS.withBoxWeight(0).boxWeight()).isZero();
        assertThat(FaceCropOptions.DEFAULTS.boxWeight()).isEqualTo(0.3);
    }
}
