package dev.facemask.trainer.export;

import dev.facemask.trainer.fit.DenseBatch;
import dev.facemask.trainer.fit.DenseTrainingSession;
import dev.facemask.trainer.fit.TrainingOptions;
import dev.facemask.trainer.model.ModelConfig;
import dev.facemask.trainer.model.ModelWeights;
import dev.facemask.vision.dataset.Annotation;
import dev.facemask.vision.detect.CenterTargets;
import dev.facemask.vision.geometry.Box;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A dense model after ten Adam steps on noise images with one labelled face each: its batch-norm
 * statistics and weights are no longer their initial values, and it reports some faces at a low threshold.
 */
record BrieflyTrainedDense(float[] pixels, ModelWeights weights) {

    static BrieflyTrainedDense train(ModelConfig config, int n, long seed) {
        int classes = config.numClasses();
        float[] pixels = noise(n * config.inputSize() * config.inputSize() * 3, seed);
        int g = config.denseGridSize();
        float[] heat = new float[n * g * g * classes];
        float[] reg = new float[n * g * g * 4];
        float[] mask = new float[n * g * g];
        for (int i = 0; i < n; i++) {
            CenterTargets t = CenterTargets.encode(List.of(new Annotation(i % classes, new Box(0.2, 0.2, 0.5, 0.6))),
                    g, classes);
            System.arraycopy(t.heatmap(), 0, heat, i * g * g * classes, g * g * classes);
            System.arraycopy(t.regression(), 0, reg, i * g * g * 4, g * g * 4);
            System.arraycopy(t.regressionMask(), 0, mask, i * g * g, g * g);
        }
        DenseBatch batch = new DenseBatch(pixels, heat, reg, mask, List.of(), n);
        float[] classWeights = new float[classes];
        java.util.Arrays.fill(classWeights, 1f);
        try (DenseTrainingSession s = DenseTrainingSession.create(config, TrainingOptions.builder().build(), classWeights)) {
            for (int step = 0; step < 10; step++) {
                s.trainStep(batch, 1e-3);
            }
            return new BrieflyTrainedDense(pixels, s.modelWeights());
        }
    }

    /** {@code length} uniform values in [0, 1). */
    static float[] noise(int length, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] out = new float[length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) random.nextDouble();
        }
        return out;
    }
}
