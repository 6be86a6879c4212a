package dev.facemask.job.source;

import dev.facemask.schema.Frame;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Event time for frames: the camera's {@code captureTime}, with bounded out-of-orderness (frames
 * from several cameras interleave in a partition) and idleness (a partition whose cameras stop
 * must not hold the watermark back).
 */
public final class FrameWatermarks {

    private FrameWatermarks() {}

    public static WatermarkStrategy<Frame> strategy(Duration outOfOrderness, Duration idleness) {
        return WatermarkStrategy.<Frame>forBoundedOutOfOrderness(outOfOrderness)
                .withTimestampAssigner((frame, previous) -> frame.getCaptureTime().toEpochMilli())
                .withIdleness(idleness);
    }
}
