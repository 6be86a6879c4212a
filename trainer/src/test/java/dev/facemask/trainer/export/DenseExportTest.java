package dev.facemask.trainer.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.facemask.inference.Prediction;
import dev.facemask.trainer.explain.GradCamRunner;
import dev.facemask.inference.SavedModelPredictor;
import dev.facemask.trainer.fit.DenseOutputsBatch;
import dev.facemask.trainer.model.CentreHead;
import dev.facemask.trainer.model.ModelConfig;
import dev.facemask.trainer.model.ModelWeights;
import dev.facemask.trainer.model.Preset;
import dev.facemask.vision.detect.CenterDecoder;
import dev.facemask.vision.detect.DecodeOptions;
import dev.facemask.vision.detect.DetectedFace;
import dev.facemask.vision.detect.PeakFace;
import dev.facemask.vision.model.ModelMetadata;
import dev.facemask.vision.preprocess.Letterbox;
import dev.facemask.vision.preprocess.PreparedImage;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dense head's SavedModel read back through DJL gives the trainer's faces, and its strongest
 * face; for the per-class centre head here and the objectness head in {@link DenseObjectnessExportTest}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DenseExportTest {

    static final int N = 4;
    /** Low enough that the briefly trained model reports some faces per image. */
    static final DecodeOptions DECODE = new DecodeOptions(20, 0.05f, 0.6);
    final ModelConfig modelConfig = config();
    float[] pixels;
    ModelWeights weights;
    DenseOutputsBatch trainerMaps;

    /** The model under test: a small detect-tiny with the centre head of this class. */
    ModelConfig config() {
        return ModelConfig.builder(Preset.DETECT_TINY).inputSize(64).numClasses(3)
                .stages(List.of(8, 16, 32), List.of(1, 1, 1)).neck(8).centreHead(CentreHead.PER_CLASS).build();
    }

    @BeforeAll
    void train() {
        BrieflyTrainedDense trained = BrieflyTrainedDense.train(modelConfig, N, 5);
        pixels = trained.pixels();
        weights = trained.weights();
        try (InferenceModel model = InferenceModel.create(modelConfig, weights)) {
            trainerMaps = model.denseMaps(pixels, N);
        }
    }

    @Test
    void shouldReportTheTrainersFacesAndItsStrongestFaceThroughDjl(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("model");
        ModelMetadata metadata = ModelExporter.metadata(modelConfig, List.of("mask", "no-mask", "incorrect"),
                Map.of(), "abc", DECODE);
        ModelExporter.export(modelConfig, weights, dir, metadata);
        List<List<DetectedFace>> expected = trainerMaps.decode(new CenterDecoder(DECODE));

        List<Prediction> predictions;
        try (SavedModelPredictor model = SavedModelPredictor.load(dir)) {
            assertThat(model.metadata().dense()).isTrue();
            assertThat(model.metadata().outputGrid()).isEqualTo(16);
            assertThat(model.metadata().decodeOptions()).isEqualTo(DECODE);
            assertThat(model.metadata().centres()).isEqualTo(modelConfig.centreHead().id());
            predictions = model.predict(images(), true);
        }

        int faces = 0;
        for (int i = 0; i < N; i++) {
            Prediction p = predictions.get(i);
            assertThat(p.faces()).hasSameSizeAs(expected.get(i));
            for (int f = 0; f < p.faces().size(); f++) {
                assertSameFace(p.faces().get(f), expected.get(i).get(f));
            }
            faces += p.faces().size();
            DetectedFace strongest = strongest(i);
            assertThat(p.classId()).isEqualTo(strongest.classId());
            assertThat(p.score()).isCloseTo(strongest.score(), within(1e-5f));
            float[] xywh = strongest.box().toXywh();
            for (int k = 0; k < 4; k++) {
                assertThat(p.boxXywh()[k]).isCloseTo(xywh[k], within(1e-5f));
            }
            assertThat(p.heatmapSize()).isEqualTo(modelConfig.featureMapSize());
            assertThat(p.heatmap()).hasSize(modelConfig.featureMapSize() * modelConfig.featureMapSize());
        }
        System.out.println("Dense export: " + faces + " faces in " + N + " images, DJL = trainer");
        assertThat(faces).isPositive();
    }

    /**
     * With the flip test, DJL's faces are the decoding of the trainer's maps of the images and of their
     * mirrors, merged here independently of the product's code: the mirror pass's maps mirrored back,
     * centre scores and log sizes averaged, offsets from the plain pass.
     */
    @Test
    void shouldDecodeTheMergedMapsOfEachImageAndItsMirrorWithTheFlipTest(@TempDir Path tmp) throws Exception {
        DecodeOptions flip = DECODE.withFlipTest(true);
        Path dir = tmp.resolve("model");
        ModelExporter.export(modelConfig, weights, dir,
                ModelExporter.metadata(modelConfig, List.of("mask", "no-mask", "incorrect"), Map.of(), "abc", flip));
        int side = modelConfig.inputSize();
        int g = modelConfig.denseGridSize();
        DenseOutputsBatch mirrored;
        try (InferenceModel trainer = InferenceModel.create(modelConfig, weights)) {
            mirrored = trainer.denseMaps(mirrorColumns(pixels, N, side, 3), N);
        }
        float[] heat = trainerMaps.heatmap().clone();
        float[] reg = trainerMaps.regression().clone();
        float[] heatBack = mirrorColumns(mirrored.heatmap(), N, g, 3);
        float[] regBack = mirrorColumns(mirrored.regression(), N, g, 4);
        for (int i = 0; i < heat.length; i++) {
            heat[i] = (heat[i] + heatBack[i]) / 2;
        }
        for (int cell = 0; cell < N * g * g; cell++) {
            reg[cell * 4] = (reg[cell * 4] + regBack[cell * 4]) / 2;
            reg[cell * 4 + 1] = (reg[cell * 4 + 1] + regBack[cell * 4 + 1]) / 2;
        }
        List<List<DetectedFace>> expected = new DenseOutputsBatch(heat, reg, N, g, 3).decode(new CenterDecoder(flip));
        List<List<DetectedFace>> plain = trainerMaps.decode(new CenterDecoder(flip));

        List<Prediction> predictions;
        try (SavedModelPredictor model = SavedModelPredictor.load(dir)) {
            assertThat(model.metadata().decodeOptions().flipTest()).isTrue();
            predictions = model.predict(images(), false);
        }

        assertThat(predictions).hasSize(N);
        int faces = 0;
        for (int i = 0; i < N; i++) {
            List<DetectedFace> got = predictions.get(i).faces();
            assertThat(got).hasSameSizeAs(expected.get(i));
            for (int f = 0; f < got.size(); f++) {
                assertSameFace(got.get(f), expected.get(i).get(f));
            }
            faces += got.size();
        }
        assertThat(faces).isPositive();
        assertThat(expected).as("the mirror pass must change something, or this test proves nothing").isNotEqualTo(plain);
    }

    /** N images of side x side x channels, HWC, each with its columns reversed. */
    private static float[] mirrorColumns(float[] all, int n, int side, int channels) {
        float[] out = new float[all.length];
        for (int i = 0; i < n; i++) {
            for (int y = 0; y < side; y++) {
                for (int x = 0; x < side; x++) {
                    for (int c = 0; c < channels; c++) {
                        out[((i * side + y) * side + side - 1 - x) * channels + c] = all[((i * side + y) * side + x) * channels + c];
                    }
                }
            }
        }
        return out;
    }

    /**
     * Every face among the strongest peaks carries the Grad-CAM of its own peak: equal to the map
     * the trainer's graph computes when fed that peak alone, and the first face's equal to the
     * single-face {@code heatmap}. Faces beyond the explained peaks carry none.
     */
    @Test
    void shouldExplainEachOfTheStrongestFacesWithItsOwnPeak(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("model");
        ModelExporter.export(modelConfig, weights, dir, ModelExporter.metadata(modelConfig, List.of("mask", "no-mask",
                "incorrect"), Map.of(), "abc", DECODE));
        List<Prediction> predictions;
        try (SavedModelPredictor model = SavedModelPredictor.load(dir)) {
            predictions = model.predict(images(), true);
        }
        int cells = 16 * 16 * 3;
        int explained = 0;
        int unexplained = 0;
        try (InferenceModel trainer = InferenceModel.create(modelConfig, weights)) {
            int k = trainer.faceGradCams();
            assertThat(k).isEqualTo(4);
            for (int i = 0; i < N; i++) {
                float[] heat = slice(trainerMaps.heatmap(), i, cells);
                float[] reg = slice(trainerMaps.regression(), i, 16 * 16 * 4);
                List<Integer> strongest = new CenterDecoder(new DecodeOptions(k, 0f, 1)).decodePeaks(heat, reg, 16, 3)
                        .stream().map(PeakFace::peak).toList();
                List<PeakFace> faces = new CenterDecoder(DECODE).decodePeaks(heat, reg, 16, 3);
                Prediction p = predictions.get(i);
                assertThat(p.faces()).hasSameSizeAs(faces);
                for (int f = 0; f < faces.size(); f++) {
                    float[] cam = p.faceHeatmap(f);
                    int peak = faces.get(f).peak();
                    if (!strongest.contains(peak)) {
                        assertThat(cam).as("image %d face %d beyond the %d strongest peaks", i, f, k).isNull();
                        unexplained++;
                        continue;
                    }
                    int[] alone = new int[k];
                    Arrays.fill(alone, peak);
                    float[] reference = trainer.faceGradCams(slice(pixels, i, 64 * 64 * 3), 1, alone)[0][0];
                    assertThat(cam).as("image %d face %d", i, f).hasSize(reference.length);
                    for (int c = 0; c < cam.length; c++) {
                        assertThat(cam[c]).isCloseTo(reference[c], within(1e-5f));
                    }
                    explained++;
                }
                if (!faces.isEmpty()) {
                    assertThat(p.faceHeatmap(0)).containsExactly(p.heatmap());
                }
            }
        }
        System.out.println("Per-face Grad-CAM: " + explained + " faces explained, " + unexplained + " beyond the top peaks");
        assertThat(explained).isGreaterThan(N);
    }

    /** {@code gradcam} on a dense model writes the strongest face's overlay and one per explained face. */
    @Test
    void shouldWriteAnOverlayPerExplainedFace(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("model");
        ModelMetadata metadata = ModelExporter.metadata(modelConfig, List.of("mask", "no-mask", "incorrect"), Map.of(),
                "abc", DECODE);
        ModelExporter.export(modelConfig, weights, dir, metadata);
        BufferedImage image = new BufferedImage(64, 64,
                BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                int at = (y * 64 + x) * 3;
                image.setRGB(x, y, (int) (pixels[at] * 255) << 16 | (int) (pixels[at + 1] * 255) << 8
                        | (int) (pixels[at + 2] * 255));
            }
        }
        Path input = tmp.resolve("scene.png");
        ImageIO.write(image, "png", input.toFile());
        Path png = tmp.resolve("out/scene-gradcam.png");

        var result = GradCamRunner.run(dir, input,
                png);

        long explained;
        try (SavedModelPredictor model = SavedModelPredictor.load(dir)) {
            Prediction p = model.predict(List.of(metadata.preprocessor().prepare(image)), true).get(0);
            explained = IntStream.range(0, p.faces().size())
                    .filter(i -> p.faceHeatmap(i) != null).count();
        }
        assertThat(explained).isEqualTo(4);
        assertThat(result.png()).isRegularFile();
        assertThat(result.facePngs()).hasSize(4).containsExactly(tmp.resolve("out/scene-gradcam-face1.png"),
                tmp.resolve("out/scene-gradcam-face2.png"), tmp.resolve("out/scene-gradcam-face3.png"),
                tmp.resolve("out/scene-gradcam-face4.png"));
        for (Path face : result.facePngs()) {
            assertThat(ImageIO.read(face.toFile()).getWidth()).isEqualTo(64);
        }
    }

    /** The arg-max over every cell and class: what the graph's single-face outputs describe. */
    private DetectedFace strongest(int image) {
        DenseOutputsBatch one = new DenseOutputsBatch(slice(trainerMaps.heatmap(), image, 16 * 16 * 3),
                slice(trainerMaps.regression(), image, 16 * 16 * 4), 1, 16, 3);
        return one.decode(new CenterDecoder(new DecodeOptions(1, 0f, 1))).get(0).get(0);
    }

    private static float[] slice(float[] all, int i, int per) {
        float[] out = new float[per];
        System.arraycopy(all, i * per, out, 0, per);
        return out;
    }

    private List<PreparedImage> images() {
        int per = 64 * 64 * 3;
        List<PreparedImage> out = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            out.add(new PreparedImage(slice(pixels, i, per), new Letterbox(64, 64, 64), 3));
        }
        return out;
    }

    private static void assertSameFace(DetectedFace actual, DetectedFace expected) {
        assertSameFace(actual, expected, 1e-5f);
    }

    /** Same class, and score and corners within {@code tolerance}. */
    static void assertSameFace(DetectedFace actual, DetectedFace expected, float tolerance) {
        assertThat(actual.classId()).isEqualTo(expected.classId());
        assertThat(actual.score()).isCloseTo(expected.score(), within(tolerance));
        assertThat(actual.box().xMin()).isCloseTo(expected.box().xMin(), within((double) tolerance));
        assertThat(actual.box().yMin()).isCloseTo(expected.box().yMin(), within((double) tolerance));
        assertThat(actual.box().xMax()).isCloseTo(expected.box().xMax(), within((double) tolerance));
        assertThat(actual.box().yMax()).isCloseTo(expected.box().yMax(), within((double) tolerance));
    }
}
