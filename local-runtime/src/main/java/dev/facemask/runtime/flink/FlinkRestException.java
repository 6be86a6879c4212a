package dev.facemask.runtime.flink;

/** A call to Flink's REST API failed; the message names the URL and Flink's own error. */
public final class FlinkRestException extends RuntimeException {
    public FlinkRestException(String message) {
        super(message);
    }

    public FlinkRestException(String message, Throwable cause) {
        super(message, cause);
    }
}
