package dev.facemask.trainer.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.facemask.inference.BatchPredictor;
import dev.facemask.inference.Prediction;
import dev.facemask.inference.testkit.TestImages;
import dev.facemask.vision.dataset.ImageFiles;
import dev.facemask.inference.testkit.ToySavedModel;
import dev.facemask.vision.geometry.Box;
import dev.facemask.vision.model.ModelMetadata;
import dev.facemask.vision.preprocess.PreparedImage;
import dev.facemask.vision.testkit.ExifJpegs;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole {@code evaluate} path on a toy SavedModel, checked against the toy's own TF session. */
class EvaluationTest {

    @TempDir
    static Path temp;

    private static ToySavedModel toy;
    private static ModelMetadata metadata;
    private static Path modelDir;
    private static final List<LabeledSample> READABLE = new ArrayList<>();

    @BeforeAll
    static void setUp() throws Exception {
        toy = new ToySavedModel(16, 3, 4, 11);
        modelDir = temp.resolve("model");
        metadata = toy.export(modelDir);
        Random random = new Random(5);
        int[][] sizes = {{40, 24}, {20, 36}, {32, 32}, {50, 20}, {18, 30}};
        for (int i = 0; i < sizes.length; i++) {
            BufferedImage image = TestImages.noise(random, sizes[i][0], sizes[i][1]);
            Path file = temp.resolve("img" + i + ".png");
            ImageIO.write(image, "png", file.toFile());
            READABLE.add(new LabeledSample(file, i % 2, new Box(0.1 * i, 0.1, 0.1 * i + 0.4, 0.7)));
        }
    }

    @AfterAll
    static void tearDown() {
        toy.close();
    }

    @Test
    void shouldReportWhatTheModelComputesAndNameSkippedImages() throws Exception {
        Path broken = Files.writeString(temp.resolve("broken.png"), "not a png");
        List<LabeledSample> samples = new ArrayList<>(READABLE);
        samples.add(2, new LabeledSample(broken, 0, new Box(0, 0, 1, 1)));
        samples.add(new LabeledSample(temp.resolve("missing.png"), 1, new Box(0, 0, 1, 1)));
        Path out = temp.resolve("report");

        EvaluationResult result = Evaluation.run(EvaluationOptions.builder()
                .modelDir(modelDir).samples(samples).outputDir(out).batchSize(2).gridCellSize(64).build());

        EvaluationReport report = result.report();
        assertThat(report.requested()).isEqualTo(7);
        assertThat(report.metrics().evaluated()).isEqualTo(5);
        assertThat(report.skipped()).containsExactly(
                new SkippedImage(broken.toString(), "not an image ImageIO can read"),
                new SkippedImage(temp.resolve("missing.png").toString(), "file not found"));
        EvaluationMetrics expected = MetricsCalculator.compute(expectedOutcomes(), metadata.classes());
        assertThat(report.metrics().confusion()).isDeepEqualTo(expected.confusion());
        assertThat(report.metrics().accuracy()).isEqualTo(expected.accuracy());
        assertThat(report.metrics().meanIou()).isCloseTo(expected.meanIou(), within(1e-5));
        assertThat(report.metrics().map50()).isCloseTo(expected.map50(), within(1e-5));
        assertThat(report.model()).isEqualTo("toy");
        assertThat(report.imagesPerSecond()).isPositive();
    }

    /**
     * A phone JPEG stored landscape with EXIF orientation 6 is the same portrait picture as its upright
     * twin: training reads it upright, so evaluation must give the very same answer for it.
     */
    @Test
    void shouldPredictOnAPhoneJpegExactlyAsOnItsUprightTwin() throws Exception {
        BufferedImage upright = ExifJpegs.blocks(2, 3); // 32 x 48, portrait
        Path plain = Files.write(temp.resolve("eval-plain.jpg"), ExifJpegs.jpeg(upright));
        Path phone = Files.write(temp.resolve("eval-phone.jpg"), ExifJpegs.uprightAs(upright, 6));
        Box face = new Box(0.2, 0.1, 0.7, 0.5);
        BatchPredictor toyPredictor = new BatchPredictor() {
            @Override
            public List<Prediction> predict(List<PreparedImage> images, boolean withGradCam) {
                return toy.run(images, withGradCam);
            }

            @Override
            public void close() {}
        };

        // One image a batch, so each is computed alone, as it would be in any evaluation.
        List<SampleOutcome> outcomes = new Evaluator(toyPredictor, metadata.preprocessor(), 1)
                .run(List.of(new LabeledSample(plain, 1, face), new LabeledSample(phone, 1, face))).outcomes();

        SampleOutcome fromPlain = outcomes.get(0);
        SampleOutcome fromPhone = outcomes.get(1);
        assertThat(fromPhone.predictedClass()).isEqualTo(fromPlain.predictedClass());
        assertThat(fromPhone.score()).isEqualTo(fromPlain.score());
        assertThat(fromPhone.predictedBox()).isEqualTo(fromPlain.predictedBox());
        assertThat(fromPhone.iou()).isEqualTo(fromPlain.iou());
    }

    @Test
    void shouldWriteJsonMarkdownAndAGrid() throws Exception {
        Path out = temp.resolve("files");

        EvaluationResult result = Evaluation.run(EvaluationOptions.builder()
                .modelDir(modelDir).samples(READABLE).outputDir(out).gridColumns(4).gridCellSize(64).build());

        assertThat(result.json()).isEqualTo(out.resolve("report.json"));
        EvaluationReport reread = ReportWriter.readJson(result.json());
        assertThat(reread.metrics().accuracy()).isEqualTo(result.report().metrics().accuracy());
        assertThat(reread.metrics().confusion()).isDeepEqualTo(result.report().metrics().confusion());
        assertThat(Files.readString(result.markdown())).startsWith("# Evaluation of toy 0.0.1\n");
        BufferedImage grid = ImageIO.read(result.grid().toFile());
        // 5 images in 4 columns: 2 rows of 64 px images plus captions.
        assertThat(grid.getWidth()).isEqualTo(4 * 64);
        assertThat(grid.getHeight()).isEqualTo(2 * (64 + PredictionGrid.CAPTION));
    }

    @Test
    void shouldFailClearlyWhenNoImageCanBeRead() {
        List<LabeledSample> none = List.of(new LabeledSample(temp.resolve("gone.png"), 0, new Box(0, 0, 1, 1)));
        EvaluationOptions options = EvaluationOptions.builder()
                .modelDir(modelDir).samples(none).outputDir(temp.resolve("none")).build();

        assertThatThrownBy(() -> Evaluation.run(options))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("None of the 1 test images could be read; first: " + temp.resolve("gone.png")
                        + " (file not found)");
    }

    @Test
    void shouldRefuseAnEmptyTestSet() {
        assertThatThrownBy(() -> EvaluationOptions.builder().modelDir(modelDir).samples(List.of())
                        .outputDir(temp).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Evaluation needs at least one labelled test image: set samples(...)");
    }

    /**
     * Outcomes worked out from the toy's own session, mapped back by each image's letterbox; the files
     * decoded for the model's input size, as training and the streaming job decode them.
     */
    private static List<SampleOutcome> expectedOutcomes() throws IOException {
        List<PreparedImage> prepared = new ArrayList<>();
        for (LabeledSample sample : READABLE) {
            prepared.add(metadata.preprocessor().prepare(
                    ImageFiles.readForModel(sample.image(), metadata.preprocessor().inputSize())));
        }
        List<Prediction> predictions = toy.run(prepared, false);
        List<SampleOutcome> outcomes = new ArrayList<>();
        for (int i = 0; i < READABLE.size(); i++) {
            LabeledSample s = READABLE.get(i);
            Prediction p = predictions.get(i);
            outcomes.add(new SampleOutcome(s.image(), s.classId(), s.box(), p.classId(), p.score(),
                    prepared.get(i).letterbox().toOriginal(p.modelBox())));
        }
        return outcomes;
    }
}
