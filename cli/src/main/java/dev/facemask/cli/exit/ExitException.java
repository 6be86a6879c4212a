package dev.facemask.cli.exit;

/**
 * Ends a command with a chosen exit code and a one-line message, as jbang's ExitException does.
 * Commands throw it instead of calling {@code System.exit}, so tests can assert both.
 */
public final class ExitException extends RuntimeException {
    public static final int FAILURE = 1;
    public static final int USAGE = 2;

    private final int exitCode;

    public ExitException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public static ExitException usage(String message) {
        return new ExitException(USAGE, message);
    }

    public static ExitException failure(String message) {
        return new ExitException(FAILURE, message);
    }

    public int exitCode() {
        return exitCode;
    }
}
