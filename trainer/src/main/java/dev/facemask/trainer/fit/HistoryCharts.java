package dev.facemask.trainer.fit;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Keras-style training curves as PNG: {@code classifier.png} (accuracy and loss) and
 * {@code box.png} (box loss and IoU), each train vs validation over epochs.
 */
public final class HistoryCharts {

    public static final String CLASSIFIER_FILE = "classifier.png";
    public static final String BOX_FILE = "box.png";
    private static final int WIDTH = 900;
    private static final int HEIGHT = 700;

    private HistoryCharts() {}

    /** Writes both charts into {@code dir}; with no epochs it writes nothing. */
    public static void write(List<EpochMetrics> epochs, Path dir) throws IOException {
        if (epochs.isEmpty()) {
            return;
        }
        Files.createDirectories(dir);
        save(chart("Classifier", epochs,
                plot(epochs, "accuracy", EpochMetrics::accuracy, EpochMetrics::valAccuracy),
                plot(epochs, "cross-entropy loss", EpochMetrics::classLoss, EpochMetrics::valClassLoss)),
                dir.resolve(CLASSIFIER_FILE));
        save(chart("Box regressor", epochs,
                plot(epochs, "box loss", EpochMetrics::boxLoss, EpochMetrics::valBoxLoss),
                plot(epochs, "mean IoU", EpochMetrics::iou, EpochMetrics::valIou)),
                dir.resolve(BOX_FILE));
    }

    private static JFreeChart chart(String title, List<EpochMetrics> epochs, XYPlot top, XYPlot bottom) {
        NumberAxis epochAxis = new NumberAxis("epoch");
        epochAxis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        CombinedDomainXYPlot combined = new CombinedDomainXYPlot(epochAxis);
        combined.add(top);
        combined.add(bottom);
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, combined, true);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    private static XYPlot plot(List<EpochMetrics> epochs, String label, ToDoubleFunction<EpochMetrics> train,
            ToDoubleFunction<EpochMetrics> val) {
        XYSeries t = new XYSeries("train " + label);
        XYSeries v = new XYSeries("val " + label);
        for (EpochMetrics m : epochs) {
            t.add(m.epoch(), train.applyAsDouble(m));
            v.add(m.epoch(), val.applyAsDouble(m));
        }
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(t);
        data.addSeries(v);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, epochs.size() < 30);
        renderer.setSeriesPaint(0, new Color(31, 119, 180));
        renderer.setSeriesPaint(1, new Color(255, 127, 14));
        renderer.setDefaultStroke(new BasicStroke(2f));
        NumberAxis valueAxis = new NumberAxis(label);
        valueAxis.setAutoRangeIncludesZero(false);
        XYPlot plot = new XYPlot(data, null, valueAxis, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        return plot;
    }

    private static void save(JFreeChart chart, Path file) throws IOException {
        ChartUtils.saveChartAsPNG(file.toFile(), chart, WIDTH, HEIGHT);
    }
}
