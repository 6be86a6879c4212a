package dev.facemask.cli.replay;

import java.io.IOException;
import java.nio.file.Path;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.statistics.HistogramDataset;

/** A histogram of end-to-end latencies, as PNG. */
final class LatencyChart {

    private LatencyChart() {}

    static void write(double[] latenciesMillis, LatencyStats stats, Path png) throws IOException {
        HistogramDataset data = new HistogramDataset();
        data.addSeries("frames", latenciesMillis.length == 0 ? new double[] {0} : latenciesMillis, 30);
        JFreeChart chart = ChartFactory.createHistogram(
                String.format("End-to-end latency: p50 %.0f ms, p95 %.0f ms, p99 %.0f ms", stats.p50(), stats.p95(), stats.p99()),
                "capture to detection (ms)", "frames", data, PlotOrientation.VERTICAL, false, false, false);
        ChartUtils.saveChartAsPNG(png.toFile(), chart, 900, 500);
    }
}
