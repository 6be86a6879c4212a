package dev.facemask.trainer.fit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.facemask.trainer.SyntheticFaces;
import dev.facemask.trainer.model.ModelConfig;
import dev.facemask.trainer.model.Preset;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {

    static final ModelConfig CONFIG = ModelConfig.builder(Preset.TINY).inputSize(64).numClasses(2).build();
    static final List<TrainingExample> TRAIN = SyntheticFaces.generate(32, 64, 21);
    static final List<TrainingExample> VAL = SyntheticFaces.generate(8, 64, 22);

    private final ByteArrayOutputStream console = new ByteArrayOutputStream();

    private Trainer trainer(TrainingOptions options) {
        return Trainer.builder().model(CONFIG).options(options).stopOnShutdown(false)
                .progress(new PrintStream(console, true, StandardCharsets.UTF_8)).build();
    }

    private static TrainingOptions.Builder options(Path dir, int epochs) {
        return TrainingOptions.builder().epochs(epochs).batchSize(16).boxLossWeight(10).seed(5).outputDir(dir);
    }

    @Test
    void shouldWriteHistoryChartsAndBestCheckpoint(@TempDir Path dir) throws Exception {
        TrainingResult result = trainer(options(dir, 2).build()).fit(TRAIN, VAL);

        assertThat(result.stopReason()).isEqualTo(TrainingResult.StopReason.COMPLETED);
        assertThat(result.history()).extracting(EpochMetrics::epoch).containsExactly(1, 2);
        assertThat(Files.readAllLines(dir.resolve(TrainingHistory.CSV_FILE))).hasSize(3)
                .first().isEqualTo(TrainingHistory.CSV_HEADER);
        assertThat(TrainingHistory.read(dir).epochs()).isEqualTo(result.history());
        assertThat(dir.resolve(HistoryCharts.CLASSIFIER_FILE)).isNotEmptyFile();
        assertThat(dir.resolve(HistoryCharts.BOX_FILE)).isNotEmptyFile();
        assertThat(new CheckpointStore(dir).exists()).isTrue();
        String text = console.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("epoch 1/2 - ", "epoch 2/2 - ", " img/s - loss ", "val_iou", "saved best");
        assertThat(result.finalMetrics()).containsKeys("val_accuracy", "val_iou", "val_loss");
    }

    @Test
    void shouldRestoreIdenticalWeightsFromCheckpointAndResume(@TempDir Path dir) throws Exception {
        TrainingResult first = trainer(options(dir, 1).build()).fit(TRAIN, VAL);
        Checkpoint saved = new CheckpointStore(dir).load().orElseThrow();

        assertThat(saved.epoch()).isEqualTo(1);
        assertThat(saved.adamStep()).isEqualTo(2);
        assertThat(saved.config()).isEqualTo(CONFIG);
        assertThat(saved.modelWeights().sameAs(first.bestWeights())).isTrue();
        assertThat(saved.variables().names()).anyMatch(n -> n.endsWith("_adam_m"));
        try (TrainingSession fresh = TrainingSession.create(CONFIG, options(dir, 1).seed(99).build())) {
            assertThat(fresh.allVariables().sameAs(saved.variables())).isFalse();
            fresh.restore(saved.variables(), saved.adamStep());
            assertThat(fresh.allVariables().sameAs(saved.variables())).isTrue();
        }

        TrainingResult resumed = trainer(options(dir, 2).resume(true).build()).fit(TRAIN, VAL);
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("Resumed from epoch 1");
        assertThat(resumed.history()).extracting(EpochMetrics::epoch).containsExactly(1, 2);
        assertThat(resumed.history().get(0)).isEqualTo(first.history().get(0));
    }

    @Test
    void shouldRefuseToResumeWithoutCheckpoint(@TempDir Path dir) {
        assertThatThrownBy(() -> trainer(options(dir, 1).resume(true).build()).fit(TRAIN, VAL))
                .hasMessageStartingWith("Cannot resume: no checkpoint in ")
                .hasMessageEndingWith("(train once without --resume first)");
    }

    @Test
    void shouldStopCleanlyWhenCancelled(@TempDir Path dir) throws Exception {
        Trainer trainer = trainer(options(dir, 3).build());
        trainer.cancel();
        TrainingResult result = trainer.fit(TRAIN, VAL);
        assertThat(result.stopReason()).isEqualTo(TrainingResult.StopReason.CANCELLED);
        assertThat(result.history()).isEmpty();
        assertThat(console.toString(StandardCharsets.UTF_8))
                .contains("Interrupted before the first epoch ended: no checkpoint written");
    }

    @Test
    void shouldKeepBestCheckpointWhenCancelledAfterFirstEpoch(@TempDir Path dir) throws Exception {
        Trainer[] holder = new Trainer[1];
        // Cancels as soon as the first epoch's summary line is printed, as a Ctrl-C would.
        PrintStream cancelling = new PrintStream(console, true, StandardCharsets.UTF_8) {
            @Override
            public void println(String line) {
                super.println(line);
                if (line.startsWith("epoch 1/3 - ")) {
                    holder[0].cancel();
                }
            }
        };
        holder[0] = Trainer.builder().model(CONFIG).options(options(dir, 3).build()).stopOnShutdown(false)
                .progress(cancelling).build();
        TrainingResult result = holder[0].fit(TRAIN, VAL);

        assertThat(result.stopReason()).isEqualTo(TrainingResult.StopReason.CANCELLED);
        assertThat(result.history()).extracting(EpochMetrics::epoch).containsExactly(1);
        assertThat(new CheckpointStore(dir).load().orElseThrow().epoch()).isEqualTo(1);
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("Interrupted: best checkpoint (epoch 1, val_loss ");
    }

    @Test
    void shouldRejectExamplesOfAnotherInputSize(@TempDir Path dir) {
        List<TrainingExample> wrong = SyntheticFaces.generate(2, 32, 1);
        assertThatThrownBy(() -> trainer(options(dir, 1).build()).fit(wrong, VAL))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("training example 0 is 32x32x3 but the model takes 64x64x3:"
                        + " preprocess with the model's Preprocessor");
    }

    @Test
    void shouldStopAtTheTimeLimitAfterTheFirstEpoch(@TempDir Path dir) throws Exception {
        TrainingResult result = trainer(options(dir, 3).timeLimit(java.time.Duration.ofMillis(1)).build()).fit(TRAIN, VAL);

        assertThat(result.stopReason()).isEqualTo(TrainingResult.StopReason.TIME_LIMIT);
        assertThat(result.history()).extracting(EpochMetrics::epoch).containsExactly(1);
        assertThat(result.bestEpoch()).isEqualTo(1);
        assertThat(console.toString(StandardCharsets.UTF_8)).contains(" used after 1 of 3 epochs");
    }

    @Test
    void shouldExplainInvalidOptions() {
        assertThatThrownBy(() -> TrainingOptions.builder().batchSize(0).build())
                .hasMessage("batchSize must be at least 1, was 0");
        assertThatThrownBy(() -> TrainingOptions.builder().classLossWeight(0).boxLossWeight(0).build())
                .hasMessage("loss weights must be non-negative and not both 0, were 0.0:0.0");
    }
}
