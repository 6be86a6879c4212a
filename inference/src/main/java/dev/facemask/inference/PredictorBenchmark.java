package dev.facemask.inference;

import dev.facemask.vision.preprocess.PreparedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

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
        return imagesPerSecond(predictor, batch, iterations, 1);
    }

    /**
     * Runs one untimed warm-up pass, then {@code iterations} timed passes over {@code batch}, shared by
     * {@code callers} threads that call the predictor at the same time, as a job with that many
     * concurrent batches does.
     *
     * @return images per second over the timed passes, from the first start to the last end
     */
    public static double imagesPerSecond(BatchPredictor predictor, List<PreparedImage> batch, int iterations, int callers) {
        Objects.requireNonNull(predictor, "predictor");
        Objects.requireNonNull(batch, "batch");
        if (batch.isEmpty()) {
            throw new IllegalArgumentException("Benchmark batch is empty: pass at least one prepared image");
        }
        if (iterations < 1 || callers < 1) {
            throw new IllegalArgumentException("Iterations and callers must be at least 1, were " + iterations + ", " + callers);
        }
        predictor.predict(batch, false);
        AtomicInteger left = new AtomicInteger(iterations);
        List<Thread> threads = new ArrayList<>(callers);
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        long start = System.nanoTime();
        for (int c = 0; c < callers; c++) {
            Thread t = new Thread(() -> {
                try {
                    while (left.getAndDecrement() > 0) {
                        predictor.predict(batch, false);
                    }
                } catch (RuntimeException e) {
                    failure.compareAndSet(null, e);
                }
            }, "benchmark-caller-" + (c + 1));
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while the benchmark ran", e);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (failure.get() != null) {
            throw failure.get();
        }
        return (double) batch.size() * iterations / seconds;
    }

    /**
     * Timed passes over {@code batch}, without a warm-up, until at least {@code minSeconds} have
     * passed (at least one pass). Interleave calls on two predictors to compare them under the same
     * load.
     */
    public static Timing time(BatchPredictor predictor, List<PreparedImage> batch, double minSeconds) {
        Objects.requireNonNull(predictor, "predictor");
        if (batch.isEmpty()) {
            throw new IllegalArgumentException("Benchmark batch is empty: pass at least one prepared image");
        }
        long start = System.nanoTime();
        long limit = start + (long) (minSeconds * 1e9);
        long images = 0;
        long now;
        do {
            predictor.predict(batch, false);
            images += batch.size();
            now = System.nanoTime();
        } while (now < limit);
        return new Timing(images, (now - start) / 1e9);
    }

    /** Images run and the seconds they took; add timings of several rounds with {@link #plus}. */
    public record Timing(long images, double seconds) {
        public static final Timing NONE = new Timing(0, 0);

        public Timing plus(Timing other) {
            return new Timing(images + other.images, seconds + other.seconds);
        }

        public double imagesPerSecond() {
            return seconds == 0 ? 0 : images / seconds;
        }
    }
}
