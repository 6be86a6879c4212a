package dev.facemask.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.facemask.inference.testkit.TestImages;
import dev.facemask.inference.testkit.ToySavedModel;
import dev.facemask.vision.preprocess.ColorMode;
import dev.facemask.vision.preprocess.PreparedImage;
import dev.facemask.vision.preprocess.Preprocessor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SavedModelPredictorTest {

    private static final int INPUT = 16;
    private static final int HEATMAP = 4;

    @TempDir
    static Path temp;

    private static ToySavedModel toy;
    private static Path modelDir;
    private static SavedModelPredictor predictor;

    @BeforeAll
    static void exportAndLoad() throws Exception {
        toy = new ToySavedModel(INPUT, 3, HEATMAP, 42);
        modelDir = temp.resolve("toy");
        toy.export(modelDir);
        predictor = SavedModelPredictor.load(modelDir);
    }

    @AfterAll
    static void close() {
        predictor.close();
        toy.close();
    }

    private static List<PreparedImage> images(int count) {
        return TestImages.prepared(new Preprocessor(INPUT, ColorMode.RGB), count, 7);
    }

    @ParameterizedTest(name = "batch {0}, gradcam {1}")
    @CsvSource({"1,false", "3,false", "1,true", "3,true"})
    void shouldMatchTheTfJavaSessionOutputs(int batch, boolean withGradCam) {
        List<PreparedImage> images = images(batch);

        List<Prediction> actual = predictor.predict(images, withGradCam);

        assertMatches(actual, toy.run(images, withGradCam), withGradCam);
    }

    @Test
    void shouldGiveDifferentAnswersForDifferentImagesInOneBatch() {
        List<Prediction> out = predictor.predict(images(3), false);

        assertThat(out.get(0).probabilities()[0]).isNotEqualTo(out.get(1).probabilities()[0]);
        assertThat(out.get(1).boxXywh()[0]).isNotEqualTo(out.get(2).boxXywh()[0]);
    }

    @Test
    void shouldReturnHeatmapsInZeroToOneOnlyWhenAsked() {
        Prediction plain = predictor.predict(images(1), false).get(0);
        Prediction withCam = predictor.predict(images(1), true).get(0);

        assertThat(plain.hasHeatmap()).isFalse();
        assertThat(plain.heatmapSize()).isZero();
        assertThat(withCam.heatmapSize()).isEqualTo(HEATMAP);
        assertThat(withCam.heatmap()).hasSize(HEATMAP * HEATMAP);
        for (float v : withCam.heatmap()) {
            assertThat(v).isBetween(0f, 1f);
        }
    }

    @Test
    void shouldReadLabelsAndPreprocessingFromModelJson() {
        assertThat(predictor.metadata().classes()).containsExactly("masked", "unmasked");
        assertThat(predictor.preprocessor().inputSize()).isEqualTo(INPUT);
        assertThat(predictor.hasGradCam()).isTrue();
    }

    @Test
    void shouldRefuseImagesOfTheWrongSize() {
        List<PreparedImage> wrong = TestImages.prepared(new Preprocessor(24, ColorMode.RGB), 1, 1);

        assertThatThrownBy(() -> predictor.predict(wrong, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Image 0 is 24x24x3 but model toy expects 16x16x3: prepare it with the model's preprocessor()");
    }

    @Test
    void shouldBuildTheInputAloneWithPredictsChecksAndStayUsable() {
        List<PreparedImage> wrong = TestImages.prepared(new Preprocessor(24, ColorMode.RGB), 1, 1);

        predictor.copyInput(images(3));
        predictor.copyInput(List.of());

        assertThatThrownBy(() -> predictor.copyInput(wrong)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Image 0 is 24x24x3 but model toy expects 16x16x3: prepare it with the model's preprocessor()");
        assertMatches(predictor.predict(images(3), false), toy.run(images(3), false), false);
    }

    @Test
    void shouldReturnNothingForAnEmptyBatch() {
        assertThat(predictor.predict(List.of(), false)).isEmpty();
    }

    @Test
    void shouldGiveTheSameAnswersFromConcurrentCallers() throws Exception {
        List<PreparedImage> images = images(3);
        List<Prediction> expected = toy.run(images, true);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<Prediction>>> futures = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                boolean cam = i % 2 == 0;
                futures.add(pool.submit(() -> predictor.predict(images, cam)));
            }
            for (int i = 0; i < futures.size(); i++) {
                assertMatches(futures.get(i).get(), expected, i % 2 == 0);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void shouldRefusePredictionsAfterClose() throws Exception {
        SavedModelPredictor second = SavedModelPredictor.load(modelDir);
        second.close();
        second.close();

        assertThat(second.isClosed()).isTrue();
        assertThatThrownBy(() -> second.predict(images(1), false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageEndingWith("is closed");
    }

    static void assertMatches(List<Prediction> actual, List<Prediction> expected, boolean withHeatmap) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < actual.size(); i++) {
            Prediction a = actual.get(i);
            Prediction e = expected.get(i);
            assertClose(a.probabilities(), e.probabilities());
            assertClose(a.boxXywh(), e.boxXywh());
            if (withHeatmap) {
                assertThat(a.heatmapSize()).isEqualTo(e.heatmapSize());
                assertClose(a.heatmap(), e.heatmap());
            } else {
                assertThat(a.heatmap()).isNull();
            }
        }
    }

    private static void assertClose(float[] actual, float[] expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int j = 0; j < actual.length; j++) {
            assertThat(actual[j]).as("value %d", j).isCloseTo(expected[j], within(1e-5f));
        }
    }
}
