package dev.facemask.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.facemask.cli.CliResult;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code bench stream} runs the real job on an in-process broker and a Flink mini-cluster with an
 * untrained tiny model; the figures are printed, not judged, but their shape and arithmetic are.
 */
class StreamBenchCommandITCase {

    private static final Pattern PIPELINE = Pattern.compile(
            "pipeline: ([\\d.]+) frames/s through Kafka and Flink; batches of ([\\d.]+) frames at (\\d+) ms each "
                    + "\\((\\d+) ms alone\\); the model busy (\\d+)% of the time");
    private static final Pattern ROW = Pattern.compile("\\| tiny \\| fp32 \\| 320x240 JPEG \\| 4 x 2 \\| ([\\d.]+) \\| (\\d+) \\((\\d+)%\\) "
            + "\\| ([\\d.]+) \\| ([\\d.]+) \\| ([\\d.]+)/s \\| (\\d+) \\| (\\d+) \\| (\\d+) \\|");

    @Test
    void shouldPrintTheCeilingThePipelineAndTheTableRowOfOneRun() {
        CliResult r = CliResult.run("bench", "stream", "--preset", "tiny", "--frames", "24", "--batch", "4",
                "--frame-size", "320x240", "--concurrent-batches", "2", "--warmup-frames", "8");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("ceiling: float32 4096x4096 matrix product", "frames: 24 distinct 320x240 JPEGs",
                "at batch 4 in fp32, 2 batches at once", "warm-up: the job ran 8 frames before the clock started");
        Matcher pipeline = PIPELINE.matcher(r.out());
        assertThat(pipeline.find()).as(r.out()).isTrue();
        double batch = Double.parseDouble(pipeline.group(2));
        assertThat(batch).isBetween(1.0, 4.0);
        List<String> rows = Arrays.stream(r.out().split("\n")).filter(l -> l.startsWith("| tiny")).toList();
        assertThat(rows).hasSize(1);
        Matcher row = ROW.matcher(rows.get(0));
        assertThat(row.matches()).as(rows.get(0)).isTrue();
        double raw = Double.parseDouble(row.group(1));
        double frames = Double.parseDouble(row.group(4));
        assertThat(raw).isPositive();
        assertThat(frames).isEqualTo(Double.parseDouble(pipeline.group(1)));
        assertThat(Double.parseDouble(row.group(5))).isCloseTo(frames / raw, within(0.02));
        // p50 <= p95 <= p99
        assertThat(Integer.parseInt(row.group(7))).isLessThanOrEqualTo(Integer.parseInt(row.group(8)));
        assertThat(Integer.parseInt(row.group(8))).isLessThanOrEqualTo(Integer.parseInt(row.group(9)));
    }
}
