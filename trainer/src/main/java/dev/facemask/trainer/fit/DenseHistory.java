package dev.facemask.trainer.fit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
 * The dense head's training history: {@code history.csv}, {@code history.json} and the chart
 * {@code detector.png} (losses, train vs validation, over validation mAP).
 */
public final class DenseHistory {

    public static final String CHART_FILE = "detector.png";
    static final String CSV_HEADER = "epoch,loss,heatmap_loss,box_loss,val_loss,val_heatmap_loss,val_box_loss,"
            + "val_map50,val_map50_95,images_per_second,seconds";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final List<DenseEpochMetrics> epochs = new ArrayList<>();

    public void add(DenseEpochMetrics m) {
        epochs.add(m);
    }

    public List<DenseEpochMetrics> epochs() {
        return List.copyOf(epochs);
    }

    /** Writes the CSV, the JSON and the chart into {@code dir}. */
    public void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        StringBuilder csv = new StringBuilder(CSV_HEADER).append('\n');
        for (DenseEpochMetrics m : epochs) {
            csv.append(String.format(Locale.ROOT, "%d,%.6f,%.6f,%.6f,%.6f,%.6f,%.6f,%.6f,%.6f,%.2f,%.2f%n", m.epoch(),
                    m.loss(), m.heatmapLoss(), m.boxLoss(), m.valLoss(), m.valHeatmapLoss(), m.valBoxLoss(),
                    m.valMap50(), m.valMap50to95(), m.imagesPerSecond(), m.seconds()));
        }
        Files.writeString(dir.resolve(TrainingHistory.CSV_FILE), csv);
        JSON.writeValue(dir.resolve(TrainingHistory.JSON_FILE).toFile(), epochs);
        if (!epochs.isEmpty()) {
            writeChart(dir.resolve(CHART_FILE));
        }
    }

    private void writeChart(Path file) throws IOException {
        NumberAxis epochAxis = new NumberAxis("epoch");
        epochAxis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        CombinedDomainXYPlot combined = new CombinedDomainXYPlot(epochAxis);
        combined.add(plot("loss", List.of(series("train heatmap loss", DenseEpochMetrics::heatmapLoss),
                series("val heatmap loss", DenseEpochMetrics::valHeatmapLoss),
                series("train box loss", DenseEpochMetrics::boxLoss),
                series("val box loss", DenseEpochMetrics::valBoxLoss))));
        combined.add(plot("validation mAP", List.of(series("val mAP@0.5", DenseEpochMetrics::valMap50),
                series("val mAP@[.5:.95]", DenseEpochMetrics::valMap50to95))));
        JFreeChart chart = new JFreeChart("Dense face detector", JFreeChart.DEFAULT_TITLE_FONT, combined, true);
        chart.setBackgroundPaint(Color.WHITE);
        ChartUtils.saveChartAsPNG(file.toFile(), chart, 900, 700);
    }

    private XYSeries series(String name, ToDoubleFunction<DenseEpochMetrics> value) {
        XYSeries s = new XYSeries(name);
        for (DenseEpochMetrics m : epochs) {
            s.add(m.epoch(), value.applyAsDouble(m));
        }
        return s;
    }

    private XYPlot plot(String label, List<XYSeries> series) {
        XYSeriesCollection data = new XYSeriesCollection();
        series.forEach(data::addSeries);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, epochs.size() < 30);
        renderer.setDefaultStroke(new BasicStroke(2f));
        NumberAxis axis = new NumberAxis(label);
        axis.setAutoRangeIncludesZero(false);
        XYPlot plot = new XYPlot(data, null, axis, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        return plot;
    }
}
