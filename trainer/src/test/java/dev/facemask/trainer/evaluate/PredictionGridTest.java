package dev.facemask.trainer.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.facemask.vision.dataset.Annotation;
import dev.facemask.vision.detect.DetectedFace;
import dev.facemask.vision.evaluate.FaceMatcher;
import dev.facemask.vision.evaluate.ImageMatch;
import dev.facemask.vision.evaluate.MatchRule;
import dev.facemask.vision.geometry.Box;
import dev.facemask.vision.testkit.ExifJpegs;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PredictionGridTest {

    @TempDir
    static Path temp;

    private static Path white;
    private static final Box TRUTH = new Box(0.5, 0.5, 0.9, 0.9);
    private static final Box PREDICTED = new Box(0.2, 0.2, 0.6, 0.6);

    @BeforeAll
    static void writeImage() throws Exception {
        BufferedImage image = new BufferedImage(100, 100, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 100, 100);
        g.dispose();
        white = temp.resolve("white.png");
        ImageIO.write(image, "png", white.toFile());
    }

    @Test
    void shouldDrawRightPredictionsGreenWrongOnesRedAndTruthYellow() {
        SampleOutcome right = new SampleOutcome(white, 0, TRUTH, 0, 0.9, PREDICTED);
        SampleOutcome wrong = new SampleOutcome(white, 0, TRUTH, 1, 0.7, PREDICTED);

        BufferedImage sheet = new PredictionGrid(List.of("masked", "unmasked"), 2, 100).render(List.of(right, wrong));

        assertThat(sheet.getWidth()).isEqualTo(200);
        assertThat(sheet.getHeight()).isEqualTo(100 + PredictionGrid.CAPTION);
        // Left edge of the predicted box is x = 20, the true box's right edge x = 90.
        assertThat(new Color(sheet.getRGB(20, 40))).isEqualTo(PredictionGrid.RIGHT);
        assertThat(new Color(sheet.getRGB(100 + 20, 40))).isEqualTo(PredictionGrid.WRONG);
        assertThat(new Color(sheet.getRGB(90, 70))).isEqualTo(PredictionGrid.TRUTH);
        assertThat(new Color(sheet.getRGB(5, 5))).isEqualTo(Color.WHITE);
    }

    @Test
    void shouldShowAPhoneJpegUprightAsTheModelSawIt() throws Exception {
        BufferedImage upright = ExifJpegs.blocks(2, 3); // 32 x 48, portrait
        Path plain = Files.write(temp.resolve("grid-plain.jpg"), ExifJpegs.jpeg(upright));
        Path phone = Files.write(temp.resolve("grid-phone.jpg"), ExifJpegs.uprightAs(upright, 8)); // stored landscape
        PredictionGrid grid = new PredictionGrid(List.of("masked", "unmasked"), 1, 96);

        BufferedImage fromPlain = grid.render(List.of(new SampleOutcome(plain, 0, TRUTH, 0, 0.9, PREDICTED)));
        BufferedImage fromPhone = grid.render(List.of(new SampleOutcome(phone, 0, TRUTH, 0, 0.9, PREDICTED)));

        assertThat(ExifJpegs.pixels(fromPhone)).isEqualTo(ExifJpegs.pixels(fromPlain));
    }

    @Test
    void shouldDrawAPlaceholderForAnImageThatVanished() {
        SampleOutcome gone = new SampleOutcome(temp.resolve("gone.png"), 0, TRUTH, 0, 0.9, PREDICTED);

        BufferedImage sheet = new PredictionGrid(List.of("masked"), 4, 64).render(List.of(gone));

        assertThat(sheet.getWidth()).isEqualTo(64);
        assertThat(new Color(sheet.getRGB(2, 2))).isEqualTo(Color.DARK_GRAY);
    }

    @Test
    void shouldRefuseAnEmptyGrid() {
        assertThatThrownBy(() -> new PredictionGrid(List.of("masked"), 4, 64).render(List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Nothing to draw: no evaluated images");
    }

    @Test
    void shouldDrawEveryFaceWithFoundOnesGreenAndFalseAlarmsRed() {
        // Two faces; the first is found, the second missed; one box lands on nothing.
        Box found = new Box(0.1, 0.1, 0.3, 0.3);
        Box missed = new Box(0.5, 0.1, 0.7, 0.3);
        Box nothing = new Box(0.2, 0.6, 0.4, 0.8);
        ImageMatch match = FaceMatcher.match(List.of(new Annotation(0, found), new Annotation(1, missed)),
                List.of(face(0.9f, found), face(0.6f, nothing)), 0.5, MatchRule.VOC);

        BufferedImage sheet = new PredictionGrid(List.of("masked", "unmasked"), 2, 100)
                .renderFaces(List.of(new MatchedImage(white, match)));

        assertThat(sheet.getWidth()).isEqualTo(100);
        assertThat(sheet.getHeight()).isEqualTo(100 + PredictionGrid.CAPTION);
        // The found prediction covers its truth's outline; the missed truth stays yellow; x, y in pixels.
        assertThat(new Color(sheet.getRGB(10, 20))).isEqualTo(PredictionGrid.RIGHT);
        assertThat(new Color(sheet.getRGB(50, 20))).isEqualTo(PredictionGrid.TRUTH);
        assertThat(new Color(sheet.getRGB(20, 70))).isEqualTo(PredictionGrid.WRONG);
        assertThat(new Color(sheet.getRGB(30, 45))).isEqualTo(Color.WHITE);
    }

    private static DetectedFace face(float score, Box box) {
        return new DetectedFace(0, score, new float[] {score, 1 - score}, box);
    }
}
