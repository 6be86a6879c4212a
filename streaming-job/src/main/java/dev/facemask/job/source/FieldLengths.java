package dev.facemask.job.source;

import dev.facemask.job.deadletter.RecordLimits;
import dev.facemask.schema.Frame;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;

/**
 * Checks the frame fields that the job copies into every output against {@link RecordLimits}, and
 * reads a Kafka key as a camera id.
 */
final class FieldLengths {

    private FieldLengths() {}

    /** @return why the frame is refused, or null when its ids fit */
    static String problemOf(Frame frame, RecordLimits limits) {
        String problem = tooLong("cameraId", frame.getCameraId(), limits.maxIdLength());
        return problem != null ? problem : tooLong("sourceName", frame.getSourceName(), limits.maxIdLength());
    }

    /** The id when it fits, else null: an over-long id must not reach a dead letter either. */
    static String boundedId(String id, RecordLimits limits) {
        return id != null && id.length() <= limits.maxIdLength() ? id : null;
    }

    /** The key as a camera id: strict UTF-8 within the id limit, else null. */
    static String cameraIdOfKey(byte[] key, RecordLimits limits) {
        if (key == null || key.length == 0 || key.length > 4 * limits.maxIdLength()) {
            return null;
        }
        try {
            String id = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(key)).toString();
            return boundedId(id, limits);
        } catch (CharacterCodingException e) {
            return null; // binary keys are not camera ids
        }
    }

    private static String tooLong(String field, String value, int max) {
        if (value == null || value.length() <= max) {
            return null;
        }
        return field + " has " + value.length() + " characters, above the limit of " + max
                + " (--max-id-length): every detection copies it, and Kafka refuses records over max.request.size";
    }
}
