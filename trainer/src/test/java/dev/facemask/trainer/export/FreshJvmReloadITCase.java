package dev.facemask.trainer.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.facemask.inference.Prediction;
import dev.facemask.inference.testkit.FreshJvm;
import dev.facemask.trainer.SyntheticFaces;
import dev.facemask.trainer.fit.Batch;
import dev.facemask.trainer.fit.TrainingExample;
import dev.facemask.trainer.fit.TrainingOptions;
import dev.facemask.trainer.fit.TrainingSession;
import dev.facemask.trainer.model.ModelConfig;
import dev.facemask.trainer.model.Predictions;
import dev.facemask.trainer.model.Preset;
import dev.facemask.vision.preprocess.PreparedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trainer's export read back the way the streaming job reads it: DJL's TensorFlow engine, in a
 * JVM that never saw the training graph.
 */
class FreshJvmReloadITCase {

    private static final int N = 4;

    @Test
    void shouldGiveTheTrainersOutputsThroughDjlInAFreshJvm(@TempDir Path tmp) throws Exception {
        ModelConfig config = ModelConfig.builder(Preset.TINY).inputSize(64).numClasses(2).build();
        List<TrainingExample> data = SyntheticFaces.generate(N, 64, 21);
        float[] pixels = SyntheticFaces.pack(data);
        int[] labels = data.stream().mapToInt(TrainingExample::classId).toArray();
        float[] boxes = new float[N * 4];
        for (int i = 0; i < N; i++) {
            System.arraycopy(data.get(i).modelBox().toXywh(), 0, boxes, i * 4, 4);
        }
        Path dir = tmp.resolve("model");
        Predictions trainer;
        try (TrainingSession s = TrainingSession.create(config, TrainingOptions.builder().outputDir(tmp.resolve("run")).build())) {
            for (int i = 0; i < 10; i++) {
                s.trainStep(new Batch(pixels, labels, boxes, N));
            }
            trainer = s.predict(pixels, N);
            ModelExporter.export(config, s.modelWeights(), dir,
                    ModelExporter.metadata(config, List.of("mask", "no-mask"), Map.of(), "test"));
        }

        List<PreparedImage> images = data.stream().map(TrainingExample::image).toList();
        List<Prediction> djl = FreshJvm.predict(dir, images, false, tmp);

        assertThat(djl).hasSize(N);
        for (int i = 0; i < N; i++) {
            for (int c = 0; c < 2; c++) {
                assertThat(djl.get(i).probabilities()[c]).isCloseTo(trainer.probabilities()[i][c], within(1e-5f));
            }
            for (int k = 0; k < 4; k++) {
                assertThat(djl.get(i).boxXywh()[k]).isCloseTo(trainer.boxes()[i][k], within(1e-5f));
            }
        }
    }
}
