package dev.facemask.vision.testkit;

import java.util.Locale;

/**
 * The one way a test reports a figure it measured: a single {@code FIGURE: ...} line on standard
 * output, which the READMEs quote and a reader of the build log finds with {@code grep FIGURE}.
 * Every module's tests use it through this module's test-jar.
 *
 * <pre>{@code
 * Figures.report("fuzzed frames %d in %.1f s; escaped %d", frames, seconds, escaped);
 * // FIGURE: fuzzed frames 2000 in 3.4 s; escaped 0
 * }</pre>
 */
public final class Figures {

    /** What every figure line starts with. */
    public static final String PREFIX = "FIGURE: ";

    private Figures() {}

    /** Prints {@link #line} and a line break. */
    public static void report(String format, Object... args) {
        System.out.println(line(format, args));
    }

    /** {@link #PREFIX} and {@code format} filled in with {@code args}, numbers in the root locale (a dot for decimals). */
    public static String line(String format, Object... args) {
        return PREFIX + String.format(Locale.ROOT, format, args);
    }
}
