package dev.facemask.runtime.stack;

/** The local stack could not start, stop or answer; the message says what to do. */
public final class StackException extends RuntimeException {
    public StackException(String message) {
        super(message);
    }

    public StackException(String message, Throwable cause) {
        super(message, cause);
    }
}
