package dev.facemask.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StageTableTest {

    /** Stage i takes i+1 ms on every frame but the last of 20, which takes 10 times as long. */
    private static Map<PipelineStage, double[]> figures() {
        Map<PipelineStage, double[]> ms = new EnumMap<>(PipelineStage.class);
        for (PipelineStage stage : PipelineStage.values()) {
            double[] frames = new double[20];
            Arrays.fill(frames, stage.ordinal() + 1);
            frames[19] = 10 * (stage.ordinal() + 1);
            ms.put(stage, frames);
        }
        return ms;
    }

    @Test
    void shouldGiveEachStageItsMeanNearestRankPercentilesAndShareOfTheSumOfMeans() {
        StageTable table = StageTable.of(figures());

        assertThat(table.rows()).extracting(StageTable.Row::stage).containsExactly(PipelineStage.values());
        StageTable.Row parse = table.rows().get(0);
        assertThat(parse.mean()).isCloseTo(1.45, within(1e-9)); // (19 * 1 + 10) / 20
        assertThat(parse.p50()).isEqualTo(1.0);
        assertThat(parse.p95()).isEqualTo(1.0); // rank ceil(0.95 * 20) = 19 of 20: not the slow frame
        assertThat(parse.share()).isCloseTo(1.0 / 36, within(1e-9)); // means are 1.45 * (1 + 2 + ... + 8)
        assertThat(table.rows().stream().mapToDouble(StageTable.Row::share).sum()).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void shouldSplitTheModelFromEverythingElseAndTheBatcherThreadFromTheTaskThreads() {
        StageTable table = StageTable.of(figures());

        assertThat(table.modelMillis()).isCloseTo(1.45 * 5, within(1e-9));
        assertThat(table.outsideModelMillis()).isCloseTo(1.45 * (36 - 5), within(1e-9));
        assertThat(table.serialWithModelMillis()).isCloseTo(1.45 * (4 + 6), within(1e-9)); // copy and detections
        assertThat(StageTable.parallelStages())
                .isEqualTo("Avro parse, JPEG decode, resize and pad, Avro encode, Kafka produce");
        assertThat(StageTable.serialStages()).isEqualTo("copy into the model input, detection building");
    }

    @Test
    void shouldPrintOneRowPerStageInPipelineOrderThenTheTotalOutsideTheModel() {
        List<String> lines = StageTable.of(figures()).markdown().lines().toList();

        assertThat(lines).hasSize(2 + PipelineStage.values().length + 1);
        assertThat(lines.get(0)).startsWith("| stage | job code | ms/frame mean | p50 | p95 | share |");
        assertThat(lines.get(2)).isEqualTo("| Avro parse | FrameParser's AvroWire reader | 1.45 | 1 | 1 | 2.78% "
                + "| task thread: can overlap the model |");
        assertThat(lines.get(6)).startsWith("| model | SavedModelPredictor.predict minus the copy | 7.25 | 5 | 5 | 13.9% |");
        assertThat(lines.get(10)).isEqualTo("| **all but the model** | | **45** | | | **86.1%** | |");
    }

    @Test
    void shouldRefuseAStageWithoutFigures() {
        Map<PipelineStage, double[]> ms = figures();
        ms.put(PipelineStage.PRODUCE, new double[0]);

        assertThatThrownBy(() -> StageTable.of(ms)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("No figures for stage Kafka produce");
    }

    @Test
    void shouldWriteMillisecondsToThreeSignificantDigitsWithoutAnExponent() {
        assertThat(StageTable.millis(0.004123)).isEqualTo("0.00412");
        assertThat(StageTable.millis(3.2699)).isEqualTo("3.27");
        assertThat(StageTable.millis(3.2)).isEqualTo("3.2");
        assertThat(StageTable.millis(418.4)).isEqualTo("418");
        assertThat(StageTable.millis(1234.5)).isEqualTo("1230");
        assertThat(StageTable.millis(0)).isEqualTo("0");
        assertThatThrownBy(() -> StageTable.millis(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }
}
