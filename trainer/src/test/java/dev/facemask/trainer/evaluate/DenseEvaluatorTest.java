package dev.facemask.trainer.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.facemask.trainer.pipeline.DenseTrainingPipeline;
import dev.facemask.vision.dataset.Annotation;
import dev.facemask.vision.dataset.LabeledImage;
import dev.facemask.vision.detect.DecodeOptions;
import dev.facemask.vision.detect.DetectedFace;
import dev.facemask.vision.evaluate.ClassScoring;
import dev.facemask.vision.evaluate.DetectionMetrics;
import dev.facemask.vision.geometry.Box;
import dev.facemask.vision.preprocess.ColorMode;
import dev.facemask.vision.preprocess.Letterbox;
import dev.facemask.vision.preprocess.Preprocessor;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The every-face evaluation per class and with every class taken as one, on square images (so the
 * letterbox maps boxes unchanged) and a model that answers from a table.
 */
class DenseEvaluatorTest {

    static final Box LEFT = new Box(0.1, 0.1, 0.4, 0.4);
    static final Box RIGHT = new Box(0.6, 0.1, 0.9, 0.4);
    static final Box LOW = new Box(0.3, 0.6, 0.6, 0.9);
    static final int MASK = 0;
    static final int NO_MASK = 1;

    /**
     * Image a: a masked face on the left called no-mask (0.9), an unmasked face on the right found
     * (0.8). Image b: a masked face found (0.7) and a false alarm (0.6).
     *
     * <p>Per class: mask has 2 faces, ranked hit 0.7 then false alarm 0.6, AP 0.5; no-mask has 1 face,
     * ranked false alarm 0.9 (wrong place for its class) then hit 0.8, AP 0.5; mAP 0.5. Any class: 3
     * faces, ranked hit, hit, hit, false alarm: AP 1, 3 found, 1 false alarm.
     */
    @Test
    void shouldScoreClassesAndFacesWhateverTheirClass(@TempDir Path dir) throws Exception {
        LabeledImage a = new LabeledImage(image(dir, "a.png"), List.of(new Annotation(MASK, LEFT), new Annotation(NO_MASK, RIGHT)));
        LabeledImage b = new LabeledImage(image(dir, "b.png"), List.of(new Annotation(MASK, LOW)));
        List<List<DetectedFace>> answers = List.of(List.of(face(NO_MASK, 0.9f, LEFT), face(NO_MASK, 0.8f, RIGHT)),
                List.of(face(MASK, 0.7f, LOW), face(MASK, 0.6f, RIGHT)));
        DenseEvaluator evaluator = new DenseEvaluator(new Preprocessor(64, ColorMode.RGB), images -> answers, 2, 16);

        DenseEvaluator.Result r = evaluator.run(List.of(a, b));

        assertThat(r.metrics().perClass().get(MASK).ap50()).isCloseTo(0.5, within(1e-9));
        assertThat(r.metrics().perClass().get(NO_MASK).ap50()).isCloseTo(0.5, within(1e-9));
        assertThat(r.metrics().map50()).isCloseTo(0.5, within(1e-9));
        assertThat(r.metrics().truePositives()).isEqualTo(2);
        DetectionMetrics any = r.anyClass();
        assertThat(any.map50()).isCloseTo(1.0, within(1e-9));
        assertThat(any.truths()).isEqualTo(3);
        assertThat(any.truePositives()).isEqualTo(3);
        assertThat(any.misses()).isZero();
        assertThat(any.falseAlarms()).isEqualTo(1);
        assertThat(DenseReportWriter.anyClassMarkdown(any)).contains("AP@0.5 **1.000**", "3 found, 0 missed, 1 false alarms");
        // Found whatever their class: the left mask face was called no-mask, the other two rightly.
        assertThat(r.classConfusion().counts()).isDeepEqualTo(new int[][] {{1, 1}, {0, 1}});
        assertThat(r.classConfusion().missed()).containsExactly(0, 0);
        // 64 px images into a 64 px input: every face is 0.3 x 64 = 19.2 px, all found.
        assertThat(r.letterboxes()).containsExactly(new Letterbox(64, 64, 64), new Letterbox(64, 64, 64));
        assertThat(r.recallBySize().labelled()).isDeepEqualTo(new int[][] {{0, 0}, {0, 0}, {2, 1}, {0, 0}, {0, 0}, {0, 0}});
        assertThat(r.recallBySize().found()).isDeepEqualTo(r.recallBySize().labelled());

        Path report = dir.resolve("report");
        DenseReportWriter.write(r, "m", "test", List.of("mask", "no-mask"), new DecodeOptions(100, 0.1f, 0.4, 1, 1), report);
        assertThat(Files.readString(report.resolve("report.md"))).contains("| mask | 1 | 1 | 0 | 0.500 |",
                "| no-mask | 0 | 1 | 0 | 1.000 |", "| 16-32 px | 3 of 3 | 1.000 | 2 of 2 | 1 of 1 |");
        assertThat(Files.readString(report.resolve("report.json")).replaceAll("\\s", ""))
                .contains("\"classConfusion\":{\"counts\":[[1,1],[0,1]],\"missed\":[0,0]}")
                .contains("\"recallBySize\":{\"edges\":[0,8,16,32,64,128],\"labelled\":[[0,0],[0,0],[2,1],[0,0],[0,0],[0,0]],"
                        + "\"found\":[[0,0],[0,0],[2,1],[0,0],[0,0],[0,0]]}");
    }

    /**
     * The first test's faces with a second class score each. Every class: the mask list ranks 0.7 hit,
     * 0.6 false alarm, 0.3 hit (the left face's mask score), 0.1 false alarm (the right face is
     * unmasked): precision 1, 1/2, 2/3, 1/2 at recall 1/2, 1/2, 1, 1, AP 1/2 + 1/2 x 2/3 = 5/6. The
     * no-mask list ranks 0.9 false alarm, 0.8 hit, then two false alarms: AP 1/2. mAP 2/3, where each
     * face in its top class only gives the first test's 0.5; the counts are that scoring's either way.
     */
    @Test
    void shouldScoreEveryClassScoreAndShowTheTopClassFigureBesideIt(@TempDir Path dir) throws Exception {
        LabeledImage a = new LabeledImage(image(dir, "a.png"), List.of(new Annotation(MASK, LEFT), new Annotation(NO_MASK, RIGHT)));
        LabeledImage b = new LabeledImage(image(dir, "b.png"), List.of(new Annotation(MASK, LOW)));
        List<List<DetectedFace>> answers = List.of(List.of(face(0.3f, 0.9f, LEFT), face(0.1f, 0.8f, RIGHT)),
                List.of(face(0.7f, 0.2f, LOW), face(0.6f, 0.05f, RIGHT)));
        Preprocessor preprocessor = new Preprocessor(64, ColorMode.RGB);

        DenseEvaluator.Result every = new DenseEvaluator(preprocessor, images -> answers, 2, 16, ClassScoring.EVERY_CLASS)
                .run(List.of(a, b));
        DenseEvaluator.Result top = new DenseEvaluator(preprocessor, images -> answers, 2, 16, ClassScoring.TOP_CLASS)
                .run(List.of(a, b));

        assertThat(every.classScoring()).isEqualTo(ClassScoring.EVERY_CLASS);
        assertThat(every.metrics().perClass().get(MASK).ap50()).isCloseTo(5.0 / 6, within(1e-9));
        assertThat(every.metrics().perClass().get(NO_MASK).ap50()).isCloseTo(0.5, within(1e-9));
        assertThat(every.metrics().map50()).isCloseTo(2.0 / 3, within(1e-9));
        assertThat(every.metrics().perClass().get(MASK).predictions()).isEqualTo(4);
        assertThat(every.topClass().map50()).isCloseTo(0.5, within(1e-9));
        assertThat(every.metrics().truePositives()).isEqualTo(2);
        assertThat(every.metrics().falseAlarms()).isEqualTo(2);
        assertThat(top.metrics().map50()).isCloseTo(0.5, within(1e-9));
        assertThat(top.topClass()).isSameAs(top.metrics());
        assertThat(DenseTrainingPipeline.topClassSummary(every))
                .contains("each face in its top class only: mAP@0.5 0.500, mAP@[.5:.95] ", "(class 0 0.500, class 1 0.500)");
        assertThat(DenseTrainingPipeline.topClassSummary(top)).isEmpty();

        Path everyReport = dir.resolve("every");
        DenseReportWriter.write(every, "m", "test", List.of("mask", "no-mask"), DecodeOptions.DEFAULTS, everyReport);
        assertThat(Files.readString(everyReport.resolve("report.md"))).contains("**0.667**",
                "(multi-label, `--class-scoring every`). With each face in its most probable class only, as the stream"
                        + " shows it: mAP@0.5 **0.500**");
        assertThat(Files.readString(everyReport.resolve("report.json")).replaceAll("\\s", ""))
                .contains("\"classScoring\":\"every\"", "\"topClass\":{\"perClass\":[");
        Path topReport = dir.resolve("top");
        DenseReportWriter.write(top, "m", "test", List.of("mask", "no-mask"), DecodeOptions.DEFAULTS, topReport);
        assertThat(Files.readString(topReport.resolve("report.json")).replaceAll("\\s", ""))
                .contains("\"classScoring\":\"top\"").doesNotContain("topClass");
        assertThat(Files.readString(topReport.resolve("report.md")))
                .contains("Each face is ranked in its most probable class only (`--class-scoring top`).");
    }

    private static DetectedFace face(float mask, float noMask, Box box) {
        return new DetectedFace(mask >= noMask ? MASK : NO_MASK, Math.max(mask, noMask), new float[] {mask, noMask}, box);
    }

    @Test
    void shouldSayHowTheFacesWereDecoded() {
        assertThat(DenseReportWriter.decodeMarkdown(new DecodeOptions(100, 0.1f, 0.4, 1, 1)))
                .contains("at most 100 faces, centre score at least 0.10, suppression at IoU 0.40, containment off, "
                        + "box voting over 1 cell, flip test off.");
        assertThat(DenseReportWriter.decodeMarkdown(new DecodeOptions(20, 0.05f, 1, 0.8, 2, true)))
                .contains("suppression at IoU off, containment 0.80, box voting over 2 cells, flip test on.");
    }

    private static DetectedFace face(int classId, float score, Box box) {
        float[] scores = new float[2];
        scores[classId] = score;
        return new DetectedFace(classId, score, scores, box);
    }

    private static Path image(Path dir, String name) throws Exception {
        Path file = dir.resolve(name);
        ImageIO.write(new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB), "png", file.toFile());
        return file;
    }
}
