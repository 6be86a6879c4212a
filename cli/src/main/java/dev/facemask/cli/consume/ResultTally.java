package dev.facemask.cli.consume;

import dev.facemask.schema.DeadLetter;
import dev.facemask.schema.Detection;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;

/**
 * Counts the results {@code consume} reads and checks them against {@code --expect}: each frame must
 * yield exactly one result, a detection or a dead letter.
 *
 * <p>A result is known by the frame it answers, {@code cameraId#sequence}, whether it is a detection
 * or a dead letter, so a frame answered twice is caught in either topic and across both. A dead letter
 * of an unreadable record has no sequence: it is known by its Kafka key, kind and payload bytes, which a
 * duplicated write repeats exactly (its {@code failedAt} may differ and is left out).
 */
public final class ResultTally {

    private final Set<String> seen = new HashSet<>();
    private long detections;
    private long deadLetters;
    private long duplicates;

    public void add(Detection d) {
        detections++;
        count(d.getCameraId() + "#" + d.getSequence());
    }

    /** @param kafkaKey the record's Kafka key (the camera id), or null */
    public void add(DeadLetter l, String kafkaKey) {
        deadLetters++;
        if (l.getCameraId() != null && l.getSequence() != null) {
            count(l.getCameraId() + "#" + l.getSequence());
        } else {
            count("unreadable:" + kafkaKey + ":" + l.getKind() + ":" + sha256(l.getPayload()));
        }
    }

    private void count(String frame) {
        if (!seen.add(frame)) {
            duplicates++;
        }
    }

    public long detections() {
        return detections;
    }

    public long deadLetters() {
        return deadLetters;
    }

    public long duplicates() {
        return duplicates;
    }

    /**
     * Why the results break the expectation, or empty when they meet it.
     *
     * @param expected the exact number of results (detections + dead letters)
     * @param expectedDeadLetters the exact number of dead letters among them, or null for any
     */
    public Optional<String> check(long expected, Long expectedDeadLetters) {
        long total = detections + deadLetters;
        boolean ok = total == expected && duplicates == 0
                && (expectedDeadLetters == null || deadLetters == expectedDeadLetters);
        if (ok) {
            return Optional.empty();
        }
        String want = expectedDeadLetters == null ? expected + " records"
                : expected + " records (" + (expected - expectedDeadLetters) + " detections, " + expectedDeadLetters
                        + " dead letters)";
        return Optional.of("expected exactly " + want + ", got " + total + " (" + detections + " detections, "
                + deadLetters + " dead letters, " + duplicates + " duplicates)");
    }

    private static String sha256(ByteBuffer payload) {
        if (payload == null) {
            return "none";
        }
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(payload.duplicate());
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
