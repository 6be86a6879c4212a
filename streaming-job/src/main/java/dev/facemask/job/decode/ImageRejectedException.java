package dev.facemask.job.decode;

import dev.facemask.schema.ErrorKind;
import java.util.Objects;

/** An image the decoder refused, with the dead-letter kind that says why. */
public class ImageRejectedException extends Exception {

    private static final long serialVersionUID = 1L;

    private final ErrorKind kind;

    public ImageRejectedException(ErrorKind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public ErrorKind kind() {
        return kind;
    }
}
