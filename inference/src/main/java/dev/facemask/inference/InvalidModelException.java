package dev.facemask.inference;

/** A model folder that cannot be used: missing, incomplete, unreadable or outside the allowed root. */
public class InvalidModelException extends RuntimeException {

    public InvalidModelException(String message) {
        super(message);
    }

    public InvalidModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
