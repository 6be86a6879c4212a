package dev.facemask.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facemask.job.options.JobOptions;
import dev.facemask.job.testing.JobRun;
import dev.facemask.job.testing.MiniClusterWithKafka;
import dev.facemask.job.testing.TestFrames;
import dev.facemask.job.testing.TinyModelFixture;
import dev.facemask.schema.Detection;
import dev.facemask.schema.Frame;
import dev.facemask.trainer.evaluate.LabeledSample;
import dev.facemask.vision.dataset.Split;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A failure in the middle of the stream: the job, running the real tiny TensorFlow model, restarts
 * from its checkpoint (and leases the shared model again) without duplicates or losses.
 */
class DetectionJobRecoveryITCase {

    private static final Duration WAIT = Duration.ofSeconds(90);

    @RegisterExtension
    static final MiniClusterWithKafka CLUSTER = new MiniClusterWithKafka(restartTwice());

    @Test
    void shouldRestartFromTheCheckpointWithoutDuplicatesOrLosses() throws Exception {
        JobOptions options = JobRun.freshOptions(CLUSTER.kafka()).build();
        int wave = 30;
        CLUSTER.kafka().produce(options.framesTopic(), frames(0, wave));
        DetectionJob job = DetectionJob.fromOptions(options).withFrameTap(new FailOnceAfterCheckpoint(wave));
        try (JobRun run = JobRun.start(CLUSTER.kafka(), options, job)) {
            // Committed output means a checkpoint completed; the second wave then meets the injected failure.
            assertThat(run.detections(wave, WAIT)).hasSize(wave);
            CLUSTER.kafka().produce(options.framesTopic(), frames(wave, 2 * wave));
            List<Detection> detections = run.detections(2 * wave, WAIT);
            assertThat(FailOnceAfterCheckpoint.FAILED.get()).as("the injected failure happened").isTrue();
            assertThat(detections).hasSize(2 * wave);
            assertThat(detections.stream().map(d -> d.getCameraId() + "#" + d.getSequence()).distinct().count())
                    .isEqualTo(2L * wave);
            assertThat(run.deadLetters(0, Duration.ZERO)).isEmpty();
        }
    }

    /** Frames {@code from..to-1}: the synthetic training images of the same indices, over 4 cameras. */
    private static List<Map.Entry<String, byte[]>> frames(int from, int to) {
        List<LabeledSample> samples = TinyModelFixture.get().samples(Split.TRAIN);
        List<Map.Entry<String, byte[]>> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            out.add(TestFrames.jpegFile("cam-" + (i % 4), i, samples.get(i).image()));
        }
        return out;
    }

    private static Configuration restartTwice() {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 2);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
        return conf;
    }

    /**
     * Throws once, on the first frame after {@code after} frames were seen and a checkpoint completed.
     * Static state, because the mini-cluster runs in this JVM and a restart makes new instances.
     */
    static final class FailOnceAfterCheckpoint implements MapFunction<Frame, Frame>, CheckpointListener {
        static final AtomicInteger SEEN = new AtomicInteger();
        static final AtomicBoolean CHECKPOINTED = new AtomicBoolean();
        static final AtomicBoolean FAILED = new AtomicBoolean();
        private final int after;

        FailOnceAfterCheckpoint(int after) {
            this.after = after;
        }

        @Override
        public Frame map(Frame frame) {
            if (SEEN.incrementAndGet() > after && CHECKPOINTED.get() && FAILED.compareAndSet(false, true)) {
                throw new IllegalStateException("Injected failure at frame " + frame.getCameraId() + "#" + frame.getSequence());
            }
            return frame;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            CHECKPOINTED.set(true);
        }
    }
}
