package dev.facemask.job.decode;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * How much heap decoding may take: per frame, and for all the frames one TaskManager decodes at once.
 * A frame's need is {@link DecodeCost estimated} from its header before any pixel is decoded.
 *
 * @param maxFrameBytes most bytes one frame may need to decode; a frame over it becomes a
 *     {@code TOO_LARGE} dead letter
 * @param maxJvmBytes most bytes all frames decoding at once in one JVM may need together, shared by
 *     the task slots through {@link DecodeMemoryPool#shared}; at least {@code maxFrameBytes}
 * @param maxWait how long a frame waits for its bytes to become free before it becomes a
 *     {@code TIMEOUT} dead letter; the task thread blocks meanwhile
 */
public record DecodeBudget(long maxFrameBytes, long maxJvmBytes, Duration maxWait) implements Serializable {

    /**
     * 256 MiB a frame, 384 MiB a TaskManager, 10 s wait. The stack's TaskManager (2 GB process, 2 slots)
     * has about 1.2 GB of JVM heap: decoding keeps under a third of it, and one frame of the largest
     * common kinds (40 MP of 8-bit RGB JPEG with its orientation copy, 240 MB) decodes while the other
     * slot decodes ordinary frames.
     */
    public static final DecodeBudget DEFAULT = new DecodeBudget(256L << 20, 384L << 20, Duration.ofSeconds(10));

    public DecodeBudget {
        Objects.requireNonNull(maxWait, "maxWait");
        if (maxFrameBytes <= 0) {
            throw new IllegalArgumentException("maxFrameBytes must be positive, was " + maxFrameBytes);
        }
        if (maxJvmBytes < maxFrameBytes) {
            throw new IllegalArgumentException("the JVM decode budget " + maxJvmBytes + " bytes is below the"
                    + " per-frame budget " + maxFrameBytes + " bytes, so a frame within it could never decode:"
                    + " raise --max-jvm-decode-bytes or lower --max-frame-decode-bytes");
        }
        if (maxWait.isNegative()) {
            throw new IllegalArgumentException("maxWait must not be negative, was " + maxWait);
        }
    }
}
