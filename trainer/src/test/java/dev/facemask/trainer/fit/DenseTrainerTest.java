package dev.facemask.trainer.fit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.facemask.trainer.model.ModelConfig;
import dev.facemask.trainer.model.Preset;
import dev.facemask.vision.dataset.Annotation;
import dev.facemask.vision.geometry.Box;
import dev.facemask.vision.preprocess.Letterbox;
import dev.facemask.vision.preprocess.PreparedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dense trainer keeps its best epoch as a checkpoint and resumes from it, as the single-head trainer does. */
class DenseTrainerTest {

    static final ModelConfig CONFIG = ModelConfig.builder(Preset.DETECT_TINY).inputSize(64).numClasses(3)
            .stages(List.of(8, 16, 32), List.of(1, 1, 1)).neck(8).build();
    static final List<DenseExample> TRAIN = examples(16, 1);
    static final List<DenseExample> VAL = examples(4, 2);

    private final ByteArrayOutputStream console = new ByteArrayOutputStream();

    private DenseTrainer trainer(TrainingOptions options) {
        return DenseTrainer.builder().model(CONFIG).options(options)
                .progress(new PrintStream(console, true, StandardCharsets.UTF_8)).build();
    }

    private static TrainingOptions.Builder options(Path dir, int epochs) {
        return TrainingOptions.builder().epochs(epochs).batchSize(8).learningRate(1e-3).seed(5).outputDir(dir);
    }

    @Test
    void shouldSaveTheBestEpochAndResumeFromIt(@TempDir Path dir) throws Exception {
        DenseTrainingResult first = trainer(options(dir, 1).build()).fit(TRAIN, VAL);
        DenseCheckpoint saved = new CheckpointStore(dir).loadDense().orElseThrow();

        assertThat(console.toString(StandardCharsets.UTF_8)).contains("epoch 1/1 - ", "saved best");
        assertThat(saved.epoch()).isEqualTo(1);
        assertThat(saved.adamStep()).isEqualTo(2);
        assertThat(saved.config()).isEqualTo(CONFIG);
        assertThat(saved.history()).isEqualTo(first.epochs());
        assertThat(saved.bestValMap50()).isEqualTo(first.epochs().get(0).valMap50());
        assertThat(saved.modelWeights().sameAs(first.bestWeights())).isTrue();
        assertThat(saved.variables().names()).anyMatch(n -> n.endsWith("_adam_m"));
        try (DenseTrainingSession fresh = DenseTrainingSession.create(CONFIG, options(dir, 1).seed(99).build(),
                new float[] {1, 1, 1})) {
            assertThat(fresh.allVariables().sameAs(saved.variables())).isFalse();
            fresh.restore(saved.variables(), saved.adamStep());
            assertThat(fresh.allVariables().sameAs(saved.variables())).isTrue();
        }

        DenseTrainingResult resumed = trainer(options(dir, 2).resume(true).build()).fit(TRAIN, VAL);

        assertThat(console.toString(StandardCharsets.UTF_8)).contains("Resumed from epoch 1 (val mAP@0.5 ",
                "Adam step 2)", "epoch 2/2 - ").doesNotContain("epoch 1/2 - ");
        assertThat(resumed.epochs()).extracting(DenseEpochMetrics::epoch).containsExactly(1, 2);
        assertThat(resumed.epochs().get(0)).isEqualTo(first.epochs().get(0));
    }

    @Test
    void shouldRefuseToResumeWithoutACheckpoint(@TempDir Path dir) {
        assertThatThrownBy(() -> trainer(options(dir, 1).resume(true).build()).fit(TRAIN, VAL))
                .hasMessageStartingWith("Cannot resume: no dense checkpoint in ")
                .hasMessageEndingWith("(train once without --resume first)");
    }

    @Test
    void shouldKeepTheCheckpointWhenCancelledAfterTheFirstEpoch(@TempDir Path dir) throws Exception {
        DenseTrainer[] holder = new DenseTrainer[1];
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
        holder[0] = DenseTrainer.builder().model(CONFIG).options(options(dir, 3).build()).progress(cancelling).build();

        DenseTrainingResult result = holder[0].fit(TRAIN, VAL);

        assertThat(result.epochs()).extracting(DenseEpochMetrics::epoch).containsExactly(1);
        assertThat(new CheckpointStore(dir).loadDense().orElseThrow().epoch()).isEqualTo(1);
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("Interrupted: keeping the best epoch 1 (",
                "--resume continues from it");
    }

    @Test
    void shouldStopAtTheTimeLimitAfterAtLeastOneEpochAndKeepItsWeights(@TempDir Path dir) throws Exception {
        // A millisecond: whatever the machine, the first epoch (which always runs) takes longer.
        DenseTrainingResult limited = trainer(options(dir.resolve("a"), 3).timeLimit(java.time.Duration.ofMillis(1))
                .build()).fit(TRAIN, VAL);
        DenseTrainingResult roomy = trainer(options(dir.resolve("b"), 2).timeLimit(java.time.Duration.ofHours(1))
                .build()).fit(TRAIN, VAL);

        assertThat(limited.epochs()).extracting(DenseEpochMetrics::epoch).containsExactly(1);
        assertThat(limited.stopReason()).isEqualTo(TrainingResult.StopReason.TIME_LIMIT);
        assertThat(limited.bestEpoch()).isEqualTo(1);
        assertThat(limited.finalWeights().sameAs(limited.bestWeights())).isTrue();
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("Time limit: ", " used after 1 of 3 epochs");
        assertThat(roomy.epochs()).extracting(DenseEpochMetrics::epoch).containsExactly(1, 2);
        assertThat(roomy.stopReason()).isEqualTo(TrainingResult.StopReason.COMPLETED);
    }

    /** Noise images with one face each, boxes spread over the frame. */
    private static List<DenseExample> examples(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<DenseExample> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float[] pixels = new float[64 * 64 * 3];
            for (int p = 0; p < pixels.length; p++) {
                pixels[p] = (float) random.nextDouble();
            }
            double x = 0.1 + 0.5 * random.nextDouble();
            double y = 0.1 + 0.5 * random.nextDouble();
            out.add(new DenseExample(new PreparedImage(pixels, new Letterbox(64, 64, 64), 3),
                    List.of(new Annotation(i % 3, new Box(x, y, x + 0.3, y + 0.3)))));
        }
        return out;
    }
}
