package dev.facemask.trainer.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportWriterTest {

    private static final EvaluationReport REPORT = new EvaluationReport("tiny", "1.0.0", "/models/tiny",
            List.of("masked", "unmasked"), 5,
            new EvaluationMetrics(4, 0.75,
                    List.of(new ClassMetrics(0, "masked", 2, 1, 1.0, 0.5, 0.5),
                            new ClassMetrics(1, "unmasked", 2, 3, 2.0 / 3, 1.0, 0.75)),
                    new int[][] {{1, 1}, {0, 2}}, 0.6, 0.65, 0.5, 0.625),
            List.of(new SkippedImage("data/bad.jpg", "not an image ImageIO can read")), 12.5, "2026-01-01T00:00:00Z");

    @Test
    void shouldWriteTablesInMarkdown() {
        String md = ReportWriter.markdown(REPORT);

        assertThat(md).startsWith("# Evaluation of tiny 1.0.0\n");
        assertThat(md).contains("| images evaluated | 4 of 5 |\n");
        assertThat(md).contains("| accuracy | 0.7500 |\n");
        assertThat(md).contains("| mAP@0.5 | 0.6250 |\n");
        assertThat(md).contains("| unmasked | 2 | 3 | 0.6667 | 1.0000 | 0.7500 |\n");
        assertThat(md).contains("| true \\ predicted | masked | unmasked |\n|---|---|---|\n| masked | 1 | 1 |\n| unmasked | 0 | 2 |\n");
        assertThat(md).contains("| `data/bad.jpg` | not an image ImageIO can read |\n");
    }

    @Test
    void shouldRoundTripJson(@TempDir Path temp) throws Exception {
        Path file = temp.resolve("out/report.json");

        ReportWriter.writeJson(REPORT, file);
        EvaluationReport back = ReportWriter.readJson(file);

        assertThat(back.metrics().confusion()).isDeepEqualTo(REPORT.metrics().confusion());
        assertThat(back.metrics().perClass()).isEqualTo(REPORT.metrics().perClass());
        assertThat(back.skipped()).isEqualTo(REPORT.skipped());
        assertThat(back.metrics().map50()).isEqualTo(0.625);
        assertThat(back.classes()).containsExactly("masked", "unmasked");
    }

    private static final DetectionSummary DETECTION = new DetectionSummary(
            List.of(new ClassAveragePrecision(0, "masked", 3, 6, 34.0 / 45, 76.4 / 101),
                    new ClassAveragePrecision(1, "unmasked", 0, 2, 0, 0)),
            34.0 / 45, 76.4 / 101, 0.3, 3, 3, 5, 2, 1, 3, 1, 2);

    @Test
    void shouldLeaveDetectionOutOfASingleHeadReport(@TempDir Path temp) throws Exception {
        Path file = temp.resolve("report.json");

        ReportWriter.writeJson(REPORT, file);

        assertThat(Files.readString(file)).doesNotContain("detection");
        assertThat(ReportWriter.readJson(file).detection()).isNull();
        assertThat(ReportWriter.markdown(REPORT)).doesNotContain("## Every face");
    }

    @Test
    void shouldWriteDetectionTablesInMarkdown() {
        String md = ReportWriter.markdown(REPORT.withDetection(DETECTION));

        assertThat(md).contains("## Every face (detection)\n\n| metric | value |\n|---|---|\n"
                + "| mAP@0.5 (VOC, all-point) | 0.7556 |\n"
                + "| mAP@[.5:.95] (COCO, 101-point) | 0.7564 |\n"
                + "| images | 3 |\n"
                + "| labelled faces | 3 |\n"
                + "| reported faces (score >= 0.30) | 5 |\n"
                + "| found (IoU >= 0.5, right class) | 2 |\n"
                + "| misses | 1 in 1 images |\n"
                + "| false alarms | 3 in 2 images |\n");
        assertThat(md).contains("| class | faces | reported | AP@0.5 | AP@[.5:.95] |\n|---|---|---|---|---|\n"
                + "| masked | 3 | 6 | 0.7556 | 0.7564 |\n"
                + "| unmasked | 0 | 2 | - | - |\n");
        // The single-head tables stay as they were.
        assertThat(md).contains("| accuracy | 0.7500 |\n");
    }

    @Test
    void shouldRoundTripDetectionInJson(@TempDir Path temp) throws Exception {
        Path file = temp.resolve("report.json");

        ReportWriter.writeJson(REPORT.withDetection(DETECTION), file);
        EvaluationReport back = ReportWriter.readJson(file);

        assertThat(back.detection()).isEqualTo(DETECTION);
        assertThat(back.metrics().map50()).isEqualTo(0.625);
    }
}
