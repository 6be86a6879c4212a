package dev.facemask.trainer.fit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.facemask.trainer.model.ModelWeights;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dense head's moving average of its weights: the update rule, the swap for validation, export and resume. */
class WeightAverageTest {

    static final float[] NO_CLASS_WEIGHTS = {1, 1, 1};
    /** A convolution kernel of the backbone's first stage. */
    static final String WEIGHT = "stage1_block1_conv1_w";

    private static TrainingOptions.Builder options(double decay) {
        return TrainingOptions.builder().batchSize(8).learningRate(1e-2).seed(5).weightAverageDecay(decay);
    }

    private static DenseBatch batch() {
        return new DenseBatchAssembler(DenseTrainerTest.TRAIN, 8, AugmentOptions.NONE,
                DenseTrainerTest.CONFIG.denseGridSize(), 3, 1).assemble(new int[] {0, 1, 2, 3, 4, 5, 6, 7}, null);
    }

    @Test
    void shouldFollowTensorFlowsRuleAfterEveryStep() {
        try (DenseTrainingSession s = DenseTrainingSession.create(DenseTrainerTest.CONFIG, options(0.5).build(),
                NO_CLASS_WEIGHTS)) {
            ModelWeights start = s.allVariables();
            assertThat(start.get(WEIGHT + WeightAverage.SUFFIX).values()).containsExactly(start.get(WEIGHT).values());
            DenseBatch batch = batch();
            s.trainStep(batch, 1e-2);
            float[] w1 = s.allVariables().get(WEIGHT).values();
            s.trainStep(batch, 1e-2);
            ModelWeights after = s.allVariables();
            float[] w0 = start.get(WEIGHT).values();
            float[] w2 = after.get(WEIGHT).values();
            float[] average = after.get(WEIGHT + WeightAverage.SUFFIX).values();
            // decay min(0.5, 1/10) after step 1, min(0.5, 2/11) after step 2
            double d1 = 0.1;
            double d2 = 2.0 / 11;
            assertThat(w2).isNotEqualTo(w1);
            for (int i = 0; i < w0.length; i++) {
                double a1 = d1 * w0[i] + (1 - d1) * w1[i];
                assertThat((double) average[i]).isCloseTo(d2 * a1 + (1 - d2) * w2[i], within(1e-6));
            }
        }
    }

    @Test
    void shouldPutTheAveragesInPlaceForValidationAndTheWeightsBackForTraining() {
        try (DenseTrainingSession s = DenseTrainingSession.create(DenseTrainerTest.CONFIG, options(0.9).build(),
                NO_CLASS_WEIGHTS)) {
            s.trainStep(batch(), 1e-2);
            s.trainStep(batch(), 1e-2);
            ModelWeights before = s.allVariables();

            ModelWeights trained = s.swapInAverage();
            ModelWeights validated = s.modelWeights();
            s.swapOutAverage(trained);

            assertThat(trained.get(WEIGHT).values()).containsExactly(before.get(WEIGHT).values());
            assertThat(validated.get(WEIGHT).values()).containsExactly(before.get(WEIGHT + WeightAverage.SUFFIX).values())
                    .isNotEqualTo(before.get(WEIGHT).values());
            assertThat(validated.names()).noneMatch(n -> n.endsWith(WeightAverage.SUFFIX) || AdamOptimizer.isSlot(n));
            assertThat(s.allVariables().sameAs(before)).isTrue();
        }
        try (DenseTrainingSession plain = DenseTrainingSession.create(DenseTrainerTest.CONFIG, options(0).build(),
                NO_CLASS_WEIGHTS)) {
            assertThat(plain.swapInAverage()).isNull();
            assertThat(plain.allVariables().names()).noneMatch(WeightAverage::isAverage);
        }
    }

    @Test
    void shouldExportAndCheckpointTheAveragesAndResumeWithOrWithoutThem(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(console, true, StandardCharsets.UTF_8);
        TrainingOptions once = options(0.9).epochs(1).outputDir(dir).build();
        DenseTrainingResult first = DenseTrainer.builder().model(DenseTrainerTest.CONFIG).options(once).progress(out)
                .build().fit(DenseTrainerTest.TRAIN, DenseTrainerTest.VAL);
        DenseCheckpoint saved = new CheckpointStore(dir).loadDense().orElseThrow();

        assertThat(first.bestWeights().get(WEIGHT).values())
                .containsExactly(saved.variables().get(WEIGHT + WeightAverage.SUFFIX).values())
                .isNotEqualTo(saved.variables().get(WEIGHT).values());
        assertThat(saved.modelWeights().sameAs(first.bestWeights())).isTrue();
        assertThat(first.finalWeights().sameAs(first.bestWeights())).isTrue();

        for (double decay : new double[] {0.9, 0}) {
            TrainingOptions more = options(decay).epochs(2).outputDir(dir).resume(true).build();
            DenseTrainingResult resumed = DenseTrainer.builder().model(DenseTrainerTest.CONFIG).options(more).progress(out)
                    .build().fit(DenseTrainerTest.TRAIN, DenseTrainerTest.VAL);
            assertThat(resumed.epochs()).extracting(DenseEpochMetrics::epoch).containsExactly(1, 2);
        }
    }

    @Test
    void shouldKeepAShortMemoryEarly() {
        assertThat(WeightAverage.decayAt(0.9998, 0)).isEqualTo(0.1);
        assertThat(WeightAverage.decayAt(0.9998, 90)).isEqualTo(0.91);
        assertThat(WeightAverage.decayAt(0.9998, 10_000_000)).isEqualTo(0.9998);
    }
}
