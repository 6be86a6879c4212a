package dev.facemask.vision.dataset;

import java.io.IOException;

/** An archive {@link ZipUnpacker} refuses: an entry escaping the target, too many entries or bytes. */
public final class UnsafeArchiveException extends IOException {

    public UnsafeArchiveException(String message) {
        super(message);
    }
}
