package dev.facemask.schema.codec;

/** A Kafka value that is not a record of the expected schema in this project's wire encoding. */
public final class MalformedRecordException extends RuntimeException {
    public MalformedRecordException(String message) {
        super("Not an Avro single-object record: " + message);
    }

    public MalformedRecordException(String message, Throwable cause) {
        super("Not an Avro single-object record: " + message, cause);
    }
}
