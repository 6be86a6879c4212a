package dev.facemask.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.facemask.cli.CliResult;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code bench batches} times real DJL predictor calls; figures are printed, not judged. */
class BatchesCommandITCase {

    private static final Pattern ROW = Pattern.compile("\\| (\\d+) \\| ([\\d.]+) \\| ([\\d.]+) \\| (\\d+) \\| (\\d+)% \\|");

    @Test
    void shouldPrintOneRowPerBatchSizeWithTheTimePerCallMatchingTheRate() {
        CliResult r = CliResult.run("bench", "batches", "--preset", "tiny", "--batches", "1,3", "--seconds", "0.5");

        assertThat(r.exitCode()).as(r.err()).isZero();
        List<String> rows = Arrays.stream(r.out().split("\n")).filter(l -> l.matches("\\| \\d+ \\|.*")).toList();
        assertThat(rows).hasSize(2);
        for (int i = 0; i < 2; i++) {
            Matcher m = ROW.matcher(rows.get(i));
            assertThat(m.matches()).as(rows.get(i)).isTrue();
            int batch = Integer.parseInt(m.group(1));
            assertThat(batch).isEqualTo(i == 0 ? 1 : 3);
            double rate = Double.parseDouble(m.group(2));
            assertThat(rate).isPositive();
            // ms per call is batch / rate; both are rounded to one decimal in the table.
            double expected = 1000.0 * batch / rate;
            assertThat(Double.parseDouble(m.group(3))).isCloseTo(expected, within(0.06 + 0.01 * expected));
        }
        assertThat(r.out()).contains("Exporting an untrained tiny model").contains("ceiling: float32 4096x4096 matrix product");
    }

    @Test
    void shouldRefuseABatchBelowOneNamingTheOption() {
        CliResult r = CliResult.run("bench", "batches", "--batches", "4,0");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--batches must all be at least 1, was [4, 0]");
    }
}
