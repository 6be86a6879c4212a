package dev.facemask.cli.replay;

import dev.facemask.cli.consume.DetectionReader;
import dev.facemask.schema.DeadLetter;
import dev.facemask.schema.Detection;
import dev.facemask.schema.codec.AvroWire;
import dev.facemask.schema.codec.MalformedRecordException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What came back for one replay camera: detections and dead letters by sequence number. A sequence
 * seen twice is a duplicate, and one never seen is lost; the report counts both.
 */
final class StreamedResults {

    final Map<Long, Detection> detections = new TreeMap<>();
    final Map<Long, DeadLetter> deadLetters = new TreeMap<>();
    int duplicates;

    /** Reads until every sequence 0..expected-1 is accounted for, or nothing new arrives for {@code quiet}. */
    static StreamedResults collect(Properties kafka, String detectionsTopic, String deadLetterTopic, String cameraId,
            int expected, Duration quiet, Consumer<Detection> live) {
        AvroWire<Detection> dw = AvroWire.of(Detection.getClassSchema());
        AvroWire<DeadLetter> lw = AvroWire.of(DeadLetter.getClassSchema());
        StreamedResults r = new StreamedResults();
        try (DetectionReader reader = new DetectionReader(kafka, List.of(detectionsTopic, deadLetterTopic), null)) {
            for (ConsumerRecord<String, byte[]> rec : reader.until(quiet)) {
                try {
                    if (rec.topic().equals(detectionsTopic)) {
                        Detection d = dw.decode(rec.value());
                        if (cameraId.equals(d.getCameraId()) && r.detections.put(d.getSequence(), d) != null) {
                            r.duplicates++;
                        } else if (cameraId.equals(d.getCameraId())) {
                            live.accept(d);
                        }
                    } else {
                        DeadLetter l = lw.decode(rec.value());
                        if (cameraId.equals(l.getCameraId()) && l.getSequence() != null
                                && r.deadLetters.put(l.getSequence(), l) != null) {
                            r.duplicates++;
                        }
                    }
                } catch (MalformedRecordException e) {
                    // Someone else's record on a shared topic; not ours to count.
                }
                if (r.accounted() >= expected) {
                    break;
                }
            }
        }
        return r;
    }

    int accounted() {
        return detections.size() + deadLetters.size();
    }
}
