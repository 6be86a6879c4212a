package dev.facemask.trainer.explain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.facemask.inference.Prediction;
import dev.facemask.inference.testkit.TestImages;
import dev.facemask.vision.dataset.ImageFiles;
import dev.facemask.inference.testkit.ToySavedModel;
import dev.facemask.vision.model.ModelMetadata;
import dev.facemask.vision.testkit.ExifJpegs;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GradCamRunnerTest {

    @TempDir
    Path temp;

    @Test
    void shouldWriteAnOverlayOfTheOriginalSizeWithTheModelsAnswer() throws Exception {
        try (ToySavedModel toy = new ToySavedModel(16, 3, 4, 21)) {
            Path modelDir = temp.resolve("model");
            ModelMetadata metadata = toy.export(modelDir);
            BufferedImage image = TestImages.noise(new Random(3), 48, 30);
            Path input = temp.resolve("face.png");
            ImageIO.write(image, "png", input.toFile());
            Path png = temp.resolve("out/face-gradcam.png");

            ExplainedImage result = GradCamRunner.run(modelDir, input, png);

            Prediction expected = toy.run(List.of(metadata.preprocessor().prepare(
                    ImageFiles.readForModel(input, metadata.preprocessor().inputSize()))), true).get(0);
            assertThat(result.png()).isEqualTo(png);
            BufferedImage written = ImageIO.read(png.toFile());
            assertThat(written.getWidth()).isEqualTo(48);
            assertThat(written.getHeight()).isEqualTo(30);
            assertThat(result.heatmapSize()).isEqualTo(4);
            assertThat(result.detection().classId()).isEqualTo(expected.classId());
            assertThat(result.detection().label()).isEqualTo(ToySavedModel.CLASSES.get(expected.classId()));
            assertThat(result.detection().score()).isCloseTo(expected.score(), within(1e-5f));
        }
    }

    @Test
    void shouldExplainAPhoneJpegUprightExactlyAsItsUprightTwin() throws Exception {
        try (ToySavedModel toy = new ToySavedModel(16, 3, 4, 21)) {
            Path modelDir = temp.resolve("model");
            toy.export(modelDir);
            BufferedImage upright = ExifJpegs.blocks(2, 3); // 32 x 48, portrait
            Path plain = Files.write(temp.resolve("plain.jpg"), ExifJpegs.jpeg(upright));
            Path phone = Files.write(temp.resolve("phone.jpg"), ExifJpegs.uprightAs(upright, 6)); // stored landscape

            ExplainedImage fromPlain = GradCamRunner.run(modelDir, plain, temp.resolve("plain-cam.png"));
            ExplainedImage fromPhone = GradCamRunner.run(modelDir, phone, temp.resolve("phone-cam.png"));

            BufferedImage written = ImageIO.read(fromPhone.png().toFile());
            assertThat(written.getWidth()).isEqualTo(32);
            assertThat(written.getHeight()).isEqualTo(48);
            assertThat(ExifJpegs.pixels(written)).isEqualTo(ExifJpegs.pixels(ImageIO.read(fromPlain.png().toFile())));
            assertThat(fromPhone.detection().classId()).isEqualTo(fromPlain.detection().classId());
            assertThat(fromPhone.detection().score()).isEqualTo(fromPlain.detection().score());
        }
    }

    @Test
    void shouldNameAnImageThatIsNotThere() throws Exception {
        try (ToySavedModel toy = new ToySavedModel(16, 3, 4, 21)) {
            Path modelDir = temp.resolve("model");
            toy.export(modelDir);
            Path missing = temp.resolve("nope.jpg");

            assertThatThrownBy(() -> GradCamRunner.run(modelDir, missing, temp.resolve("x.png")))
                    .isInstanceOf(java.io.IOException.class)
                    .hasMessage("Image not found: " + missing);
            assertThat(Files.exists(temp.resolve("x.png"))).isFalse();
        }
    }
}
