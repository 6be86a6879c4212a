package dev.facemask.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.facemask.vision.preprocess.Letterbox;
import dev.facemask.vision.preprocess.PreparedImage;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PredictorBenchmarkTest {

    private static final List<PreparedImage> BATCH =
            List.of(new PreparedImage(new float[] {0, 0, 0, 0}, new Letterbox(2, 2, 2), 1));

    /**
     * Counts calls and the most calls inside predict at once. With a meeting of two, each thread's first
     * call after the warm-up waits there for another thread's: two callers must overlap to pass.
     */
    private static class CountingPredictor implements BatchPredictor {
        final AtomicInteger calls = new AtomicInteger();
        final AtomicInteger inside = new AtomicInteger();
        final AtomicInteger mostInside = new AtomicInteger();
        private final CyclicBarrier meeting;
        private final ThreadLocal<Boolean> met = ThreadLocal.withInitial(() -> false);

        CountingPredictor(CyclicBarrier meeting) {
            this.meeting = meeting;
        }

        @Override
        public List<Prediction> predict(List<PreparedImage> images, boolean withGradCam) {
            boolean warmUp = calls.incrementAndGet() == 1;
            mostInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
            try {
                if (meeting != null && !warmUp && !met.get()) {
                    met.set(true);
                    meeting.await(10, TimeUnit.SECONDS);
                }
            } catch (Exception e) {
                throw new IllegalStateException("the two callers never ran at once", e);
            } finally {
                inside.decrementAndGet();
            }
            return List.of();
        }

        @Override
        public void close() {}
    }

    @Test
    void sharesTheTimedPassesAmongCallersThatRunAtOnce() {
        CountingPredictor predictor = new CountingPredictor(new CyclicBarrier(2));

        double rate = PredictorBenchmark.imagesPerSecond(predictor, BATCH, 6, 2);

        assertThat(predictor.calls.get()).isEqualTo(7); // one warm-up pass and the 6 timed ones
        assertThat(predictor.mostInside.get()).isEqualTo(2);
        assertThat(rate).isPositive();
    }

    @Test
    void runsOnePassAtATimeWithOneCaller() {
        CountingPredictor predictor = new CountingPredictor(null);

        PredictorBenchmark.imagesPerSecond(predictor, BATCH, 4);

        assertThat(predictor.calls.get()).isEqualTo(5);
        assertThat(predictor.mostInside.get()).isEqualTo(1);
    }

    @Test
    void refusesNoCallersAndReportsAFailedPass() {
        assertThatThrownBy(() -> PredictorBenchmark.imagesPerSecond(new CountingPredictor(null), BATCH, 4, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("Iterations and callers must be at least 1, were 4, 0");
        BatchPredictor failing = new CountingPredictor(null) {
            @Override
            public List<Prediction> predict(List<PreparedImage> images, boolean withGradCam) {
                if (calls.incrementAndGet() > 1) {
                    throw new IllegalStateException("model gone");
                }
                return List.of();
            }
        };
        assertThatThrownBy(() -> PredictorBenchmark.imagesPerSecond(failing, BATCH, 4, 2))
                .isInstanceOf(IllegalStateException.class).hasMessage("model gone");
    }
}
