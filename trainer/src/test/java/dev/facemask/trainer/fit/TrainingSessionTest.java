package dev.facemask.trainer.fit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facemask.trainer.SyntheticFaces;
import dev.facemask.trainer.model.ModelConfig;
import dev.facemask.trainer.model.Preset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TrainingSessionTest {

    static final ModelConfig TINY_64 = ModelConfig.builder(Preset.TINY).inputSize(64).numClasses(2).build();

    @Test
    void shouldReduceTotalLossOverThirtySteps() {
        List<TrainingExample> data = SyntheticFaces.generate(64, 64, 1);
        TrainingOptions options = TrainingOptions.builder().batchSize(16).boxLossWeight(10).seed(7).build();
        BatchAssembler batches = new BatchAssembler(data, 16, false, 0, 7);
        List<Float> losses = new ArrayList<>();
        long start = System.nanoTime();
        try (TrainingSession session = TrainingSession.create(TINY_64, options)) {
            System.out.printf("graph built in %.2f s%n", (System.nanoTime() - start) / 1e9);
            start = System.nanoTime();
            for (int epoch = 0; losses.size() < 30; epoch++) {
                for (int[] idx : batches.shuffledBatches(epoch)) {
                    if (losses.size() < 30) {
                        losses.add(session.trainStep(batches.assemble(idx, null)).totalLoss());
                    }
                }
            }
            System.out.printf("30 steps in %.2f s: %s%n", (System.nanoTime() - start) / 1e9, losses);
        }
        double first = losses.subList(0, 5).stream().mapToDouble(Float::doubleValue).average().orElseThrow();
        double last = losses.subList(25, 30).stream().mapToDouble(Float::doubleValue).average().orElseThrow();
        assertThat(last).isLessThan(0.7 * first);
    }

    @Test
    void shouldTrainWithEveryBoxLoss() {
        List<TrainingExample> data = SyntheticFaces.generate(8, 64, 2);
        Batch batch = new BatchAssembler(data, 8, true, 0.2, 3).assemble(new int[] {0, 1, 2, 3, 4, 5, 6, 7},
                new SplittableRandom(3));
        for (BoxLoss kind : BoxLoss.values()) {
            TrainingOptions options = TrainingOptions.builder().boxLoss(kind).build();
            try (TrainingSession session = TrainingSession.create(TINY_64, options)) {
                float before = session.trainStep(batch).boxLoss();
                for (int i = 0; i < 5; i++) {
                    session.trainStep(batch);
                }
                float after = session.trainStep(batch).boxLoss();
                assertThat(after).as(kind.name()).isLessThan(before).isGreaterThanOrEqualTo(0f);
            }
        }
    }
}
