package dev.facemask.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.facemask.cli.CliResult;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code bench stages} times the job's real stages on an untrained tiny model; figures are printed, not judged. */
class StagesCommandITCase {

    /** stage | job code | mean | p50 | p95 | share | thread */
    private static final Pattern ROW = Pattern.compile(
            "\\| ([^|]+) \\| [^|]+ \\| ([\\d.]+) \\| ([\\d.]+) \\| ([\\d.]+) \\| ([\\d.]+)% \\| [^|]+ \\|");

    @Test
    void shouldPrintOneRowPerStageInPipelineOrderWithPositiveFiguresAndSharesAddingUpToTheWhole() {
        CliResult r = CliResult.run("bench", "stages", "--preset", "tiny", "--frames", "20", "--frame-size", "320x240");

        assertThat(r.exitCode()).as(r.err()).isZero();
        List<String> rows = Arrays.stream(r.out().split("\n"))
                .filter(l -> l.startsWith("| ") && !l.startsWith("| stage ") && !l.startsWith("| **")).toList();
        assertThat(rows).extracting(l -> l.split(" \\| ")[0].substring(2)).containsExactly("Avro parse", "JPEG decode",
                "resize and pad", "copy into the model input", "model", "detection building", "Avro encode",
                "Kafka produce");
        double shares = 0;
        for (String row : rows) {
            Matcher m = ROW.matcher(row);
            assertThat(m.matches()).as(row).isTrue();
            assertThat(Double.parseDouble(m.group(2))).as("mean of " + row).isPositive();
            assertThat(Double.parseDouble(m.group(3))).as("p50 of " + row).isPositive();
            assertThat(Double.parseDouble(m.group(4))).as("p95 of " + row).isPositive();
            assertThat(Double.parseDouble(m.group(5))).as("share of " + row).isPositive();
            shares += Double.parseDouble(m.group(5));
        }
        assertThat(shares).isCloseTo(100, within(0.05 * rows.size()));
        assertThat(r.out()).contains("timing 24 frames (3 batches of 8) of 320x240 JPEG after 3 warm-up batches")
                .contains("Outside the model: ").contains("Could run in parallel with inference");
    }

    @Test
    void shouldRefuseAnEmptyBatchNamingTheOption() {
        CliResult r = CliResult.run("bench", "stages", "--batch", "0");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--batch must be at least 1, was 0");
    }
}
