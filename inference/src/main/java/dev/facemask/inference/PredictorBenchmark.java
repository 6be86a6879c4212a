package dev.facemask.inference;

import dev.facemask.vision.preprocess.PreparedImage;
import java.util.List;
import java.util.Objects;

/**
 * Measures throughput of a predictor on one fixed batch. Not a test: figures vary about 20% from
 * run to run on the shared machine, so compare ratios measured in one run.
 */
public final class PredictorBenchmark {

    private PredictorBenchmark() {}

    /**
     * Runs one untimed warm-up pass, then {@code iterations} timed passes over {@code batch}.
     *
     * @return images per second over the timed passes
     */
    public static double imagesPerSecond(BatchPredictor predictor, List<PreparedImage> batch, int iterations) {
        Objects.requireNonNull(predictor, "predictor");
        Objects.requireNonNull(batch, "batch");
        if (batch.isEmpty()) {
            throw new IllegalArgumentException("Benchmark batch is empty: pass at least one prepared image");
        }
        if (iterations < 1) {
            throw new IllegalArgumentException("Iterations must be at least 1, was " + iterations);
        }
        predictor.predict(batch, false);
        long start = System.nanoTime();
        for (int i = 0; i < iterations; i++) {
            predictor.predict(batch, false);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return (double) batch.size() * iterations / seconds;
    }
}
