package dev.facemask.cli.bench;

import dev.facemask.cli.replay.LatencyStats;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Per-frame milliseconds of each {@link PipelineStage}: mean, p95 and share of the whole per-frame
 * time, as the Markdown table {@code bench stages} prints and the README quotes.
 */
final class StageTable {

    /**
     * One stage's figures, milliseconds per frame; {@code share} is its mean over the sum of all
     * stages' means, 0..1. The median is there because a loaded machine's pauses inflate the mean.
     */
    record Row(PipelineStage stage, double mean, double p50, double p95, double share) {}

    private final List<Row> rows;

    private StageTable(List<Row> rows) {
        this.rows = List.copyOf(rows);
    }

    /**
     * @param millisPerFrame each stage's milliseconds per measured frame; every stage present, none empty
     */
    static StageTable of(Map<PipelineStage, double[]> millisPerFrame) {
        Map<PipelineStage, LatencyStats> stats = new EnumMap<>(PipelineStage.class);
        for (PipelineStage stage : PipelineStage.values()) {
            double[] ms = millisPerFrame.get(stage);
            if (ms == null || ms.length == 0) {
                throw new IllegalArgumentException("No figures for stage " + stage.label());
            }
            stats.put(stage, LatencyStats.of(ms));
        }
        double total = stats.values().stream().mapToDouble(LatencyStats::mean).sum();
        List<Row> rows = new ArrayList<>();
        stats.forEach((stage, s) -> rows.add(new Row(stage, s.mean(), s.p50(), s.p95(), s.mean() / total)));
        return new StageTable(rows);
    }

    List<Row> rows() {
        return rows;
    }

    /** Mean milliseconds per frame of every stage but the model. */
    double outsideModelMillis() {
        return rows.stream().filter(r -> r.stage() != PipelineStage.MODEL).mapToDouble(Row::mean).sum();
    }

    double modelMillis() {
        return rows.stream().filter(r -> r.stage() == PipelineStage.MODEL).mapToDouble(Row::mean).sum();
    }

    /** Mean milliseconds per frame of the stages that run on the micro-batcher thread, besides the model. */
    double serialWithModelMillis() {
        return rows.stream().filter(r -> r.stage().onBatcherThread() && r.stage() != PipelineStage.MODEL)
                .mapToDouble(Row::mean).sum();
    }

    /** The table, one row per stage in pipeline order, then the total outside the model. */
    String markdown() {
        StringBuilder s = new StringBuilder(
                "| stage | job code | ms/frame mean | p50 | p95 | share | in the job, runs on |\n|---|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            s.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s%% | %s |%n", r.stage().label(),
                    r.stage().jobClass(), millis(r.mean()), millis(r.p50()), millis(r.p95()), millis(100 * r.share()), r.stage().thread()));
        }
        double outside = outsideModelMillis();
        s.append(String.format(Locale.ROOT, "| **all but the model** | | **%s** | | | **%s%%** | |%n", millis(outside),
                millis(100 * outside / (outside + modelMillis()))));
        return s.toString();
    }

    /** The stages that can run while the model runs, by label, comma-separated. */
    static String parallelStages() {
        return labels(true);
    }

    /** The stages that run on the model's thread, besides the model, by label. */
    static String serialStages() {
        return labels(false);
    }

    private static String labels(boolean parallel) {
        return java.util.Arrays.stream(PipelineStage.values())
                .filter(s -> s != PipelineStage.MODEL && s.parallelWithInference() == parallel)
                .map(PipelineStage::label).collect(Collectors.joining(", "));
    }

    /**
     * Milliseconds (or a percentage) to three significant digits, never in exponent form: {@code 0.00412},
     * {@code 3.27}, {@code 418}. Stages differ by five orders of magnitude, so fixed decimals would show
     * 0 or noise.
     */
    static String millis(double ms) {
        if (!Double.isFinite(ms)) {
            throw new IllegalArgumentException("Not a duration: " + ms);
        }
        if (ms == 0) {
            return "0";
        }
        return new BigDecimal(ms).round(new MathContext(3)).stripTrailingZeros().toPlainString();
    }
}
