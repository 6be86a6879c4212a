package dev.facemask.cli.consume;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facemask.schema.DeadLetter;
import dev.facemask.schema.Detection;
import dev.facemask.schema.ErrorKind;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ResultTallyTest {

    static Detection detection(String camera, long sequence) {
        Detection d = new Detection();
        d.setCameraId(camera);
        d.setSequence(sequence);
        return d;
    }

    static DeadLetter deadLetter(String camera, Long sequence, byte[] payload, long failedAtMillis) {
        return DeadLetter.newBuilder().setCameraId(camera).setSequence(sequence).setPayload(ByteBuffer.wrap(payload))
                .setKind(sequence == null ? ErrorKind.MALFORMED_RECORD : ErrorKind.CORRUPT_IMAGE).setMessage("m")
                .setStage("decode").setFailedAt(Instant.ofEpochMilli(failedAtMillis)).build();
    }

    @Test
    void shouldPassExactlyOneResultPerFrame() {
        ResultTally tally = new ResultTally();
        tally.add(detection("cam", 0));
        tally.add(deadLetter("cam", 1L, new byte[] {1}, 10), "cam");
        tally.add(deadLetter(null, null, new byte[] {2}, 11), null);

        assertThat(tally.check(3, null)).isEmpty();
        assertThat(tally.check(3, 2L)).isEmpty();
    }

    @Test
    void shouldCatchADeadLetterWrittenTwiceEvenAtAnotherTime() {
        ResultTally tally = new ResultTally();
        tally.add(detection("cam", 0));
        tally.add(deadLetter("cam", 1L, new byte[] {1}, 10), "cam");
        tally.add(deadLetter("cam", 1L, new byte[] {1}, 99), "cam");

        assertThat(tally.check(3, null))
                .contains("expected exactly 3 records, got 3 (1 detections, 2 dead letters, 1 duplicates)");
    }

    @Test
    void shouldCatchAnUnreadableRecordsDeadLetterWrittenTwice() {
        ResultTally tally = new ResultTally();
        tally.add(deadLetter(null, null, new byte[] {7, 7}, 10), "cam-x");
        tally.add(deadLetter(null, null, new byte[] {7, 7}, 20), "cam-x");
        tally.add(deadLetter(null, null, new byte[] {8}, 20), "cam-x");

        assertThat(tally.duplicates()).isEqualTo(1);
    }

    @Test
    void shouldCatchAFrameAnsweredByBothADetectionAndADeadLetter() {
        ResultTally tally = new ResultTally();
        tally.add(detection("cam", 4));
        tally.add(deadLetter("cam", 4L, new byte[] {1}, 10), "cam");

        assertThat(tally.duplicates()).isEqualTo(1);
    }

    @Test
    void shouldFailWhenADeadLetterStandsWhereADetectionWasDue() {
        ResultTally tally = new ResultTally();
        tally.add(detection("cam", 0));
        tally.add(deadLetter("cam", 1L, new byte[] {1}, 10), "cam");

        assertThat(tally.check(2, 0L)).contains("expected exactly 2 records (2 detections, 0 dead letters), got 2"
                + " (1 detections, 1 dead letters, 0 duplicates)");
    }
}
