package dev.facemask.trainer.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facemask.vision.dataset.Annotation;
import dev.facemask.vision.detect.DetectedFace;
import dev.facemask.vision.evaluate.DetectionAccumulator;
import dev.facemask.vision.evaluate.DetectionMetrics;
import dev.facemask.vision.geometry.Box;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.XYPlot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrecisionRecallChartTest {

    private static final Box FACE = new Box(0.1, 0.1, 0.3, 0.3);
    private static final Box NOTHING = new Box(0.6, 0.6, 0.8, 0.8);

    /** Masked: one face found at 0.9, a false alarm at 0.5 (AP 1). Unmasked: a face, found at 0.4 after a false alarm (AP 0.5). */
    private static DetectionMetrics metrics() {
        DetectionAccumulator accumulator = DetectionAccumulator.builder().classCount(3).build();
        accumulator.add(List.of(new Annotation(0, FACE)), List.of(face(0, 0.9f, FACE), face(0, 0.5f, NOTHING)));
        accumulator.add(List.of(new Annotation(1, FACE)), List.of(face(1, 0.4f, FACE), face(1, 0.8f, NOTHING)));
        return accumulator.result();
    }

    private static DetectedFace face(int classId, float score, Box box) {
        float[] scores = new float[3];
        scores[classId] = score;
        return new DetectedFace(classId, score, scores, box);
    }

    @Test
    void shouldWriteAPngOfTheChartSize(@TempDir Path temp) throws Exception {
        Path png = temp.resolve("charts/" + PrecisionRecallChart.FILE);

        PrecisionRecallChart.write(metrics(), List.of("masked", "unmasked", "incorrect"), png);

        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(PrecisionRecallChart.WIDTH);
        assertThat(image.getHeight()).isEqualTo(PrecisionRecallChart.HEIGHT);
    }

    @Test
    void shouldDrawOneLinePerClassWithFacesAndGiveItsApInTheLegend() {
        JFreeChart chart = PrecisionRecallChart.chart(metrics(), List.of("masked", "unmasked", "incorrect"));

        XYPlot plot = chart.getXYPlot();
        assertThat(plot.getDataset().getSeriesCount()).isEqualTo(2);
        assertThat(plot.getDataset().getSeriesKey(0)).isEqualTo("masked (AP 1.000, 1 faces)");
        assertThat(plot.getDataset().getSeriesKey(1)).isEqualTo("unmasked (AP 0.500, 1 faces)");
        // Unmasked in rank order: (recall 0, precision 0) then (1, 1/2).
        assertThat(plot.getDataset().getXValue(1, 1)).isEqualTo(1.0);
        assertThat(plot.getDataset().getYValue(1, 1)).isEqualTo(0.5);
        assertThat(chart.getTitle().getText())
                .isEqualTo("Precision-recall at IoU 0.5: mAP@0.5 0.750, mAP@[.5:.95] 0.750");
    }
}
