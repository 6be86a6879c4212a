package dev.facemask.trainer.evaluate;

import dev.facemask.vision.evaluate.ClassDetectionMetrics;
import dev.facemask.vision.evaluate.DetectionMetrics;
import dev.facemask.vision.evaluate.PrecisionRecallPoint;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Precision-recall curves at IoU 0.5 as a PNG, one line per class with faces, the legend giving each
 * class's VOC AP. Lines show the raw precision of each ranked prediction, the curve the AP is read
 * from before interpolation.
 *
 * <pre>{@code
 * PrecisionRecallChart.write(accumulator.result(), metadata.classes(), outputDir.resolve(PrecisionRecallChart.FILE));
 * }</pre>
 */
public final class PrecisionRecallChart {

    public static final String FILE = "pr-curves.png";
    /** Size of the PNG, pixels, as the training charts. */
    public static final int WIDTH = 900;
    public static final int HEIGHT = 700;
    /** Matplotlib's first colours, as the training charts use. */
    private static final Color[] PALETTE = {new Color(31, 119, 180), new Color(255, 127, 14),
        new Color(44, 160, 44), new Color(214, 39, 40), new Color(148, 103, 189), new Color(140, 86, 75)};

    private PrecisionRecallChart() {}

    /**
     * @param metrics the detection metrics, one curve per class
     * @param classes class names by index, for the legend
     * @param png file to write, its folder created if needed
     */
    public static void write(DetectionMetrics metrics, List<String> classes, Path png) throws IOException {
        Files.createDirectories(png.toAbsolutePath().getParent());
        ChartUtils.saveChartAsPNG(png.toFile(), chart(metrics, classes), WIDTH, HEIGHT);
    }

    static JFreeChart chart(DetectionMetrics metrics, List<String> classes) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (ClassDetectionMetrics c : metrics.perClass()) {
            if (c.hasTruths()) {
                data.addSeries(series(c, label(classes, c.classId())));
            }
        }
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        renderer.setDefaultStroke(new BasicStroke(2f));
        renderer.setAutoPopulateSeriesStroke(false);
        for (int i = 0; i < data.getSeriesCount(); i++) {
            renderer.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
        }
        XYPlot plot = new XYPlot(data, unitAxis("recall"), unitAxis("precision"), renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        String title = String.format(Locale.ROOT, "Precision-recall at IoU 0.5: mAP@0.5 %.3f, mAP@[.5:.95] %.3f",
                metrics.map50(), metrics.map50to95());
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    /** Points in rank order (not sorted by recall, which repeats); a class without predictions is empty. */
    private static XYSeries series(ClassDetectionMetrics c, String label) {
        XYSeries series = new XYSeries(String.format(Locale.ROOT, "%s (AP %.3f, %d faces)", label, c.ap50(),
                c.truths()), false, true);
        for (PrecisionRecallPoint point : c.curve().points()) {
            series.add(point.recall(), point.precision());
        }
        return series;
    }

    private static NumberAxis unitAxis(String label) {
        NumberAxis axis = new NumberAxis(label);
        axis.setRange(0, 1.02);
        return axis;
    }

    private static String label(List<String> classes, int classId) {
        return classId < classes.size() ? classes.get(classId) : "class-" + classId;
    }
}
