package dev.facemask.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facemask.cli.CliResult;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code bench presets} measures real TensorFlow training and DJL inference; figures are printed, not judged. */
class PresetsCommandITCase {

    private static final Pattern ROW = Pattern.compile(
            "\\| (\\S+) \\| (\\d+) px \\| ([\\d.]+) \\| ([\\d.]+) \\((\\d+)\\) \\| (\\d+)% \\| ([\\d.]+) \\((\\d+)\\) \\| (\\d+)% \\|");

    @Test
    void shouldMeasureTrainingAndInferenceOfEachChosenPresetInItsOwnRow() {
        CliResult r = CliResult.run("bench", "presets", "--presets", "tiny,detect-tiny", "--batch", "4", "--seconds", "0.5");

        assertThat(r.exitCode()).as(r.err()).isZero();
        List<String> rows = Arrays.stream(r.out().split("\n")).filter(l -> l.startsWith("| ") && !l.startsWith("| preset"))
                .toList();
        assertThat(rows).hasSize(2);
        Matcher tiny = ROW.matcher(rows.get(0));
        Matcher detect = ROW.matcher(rows.get(1));
        assertThat(tiny.matches()).as(rows.get(0)).isTrue();
        assertThat(detect.matches()).as(rows.get(1)).isTrue();
        // Preset, input side and the batch sizes are the presets' own; speeds are positive.
        assertThat(List.of(tiny.group(1), tiny.group(2), tiny.group(5), tiny.group(8))).containsExactly("tiny", "96", "16", "4");
        assertThat(List.of(detect.group(1), detect.group(2), detect.group(5), detect.group(8)))
                .containsExactly("detect-tiny", "192", "16", "4");
        assertThat(Double.parseDouble(tiny.group(4))).isPositive();
        assertThat(Double.parseDouble(tiny.group(7))).isPositive();
        assertThat(Double.parseDouble(detect.group(4))).isPositive();
        assertThat(Double.parseDouble(detect.group(7))).isPositive();
        assertThat(r.out()).contains("ceiling: float32 4096x4096 matrix product");
    }

    @Test
    void shouldRefuseANonPositiveTimeNamingTheOption() {
        CliResult r = CliResult.run("bench", "presets", "--seconds", "0");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--seconds must be above 0, was 0.0");
    }

    @Test
    void shouldRefuseAnUnknownPresetNamingIt() {
        CliResult r = CliResult.run("bench", "presets", "--presets", "tiny,huge");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("huge");
    }
}
