package dev.facemask.cli.train;

import dev.facemask.cli.exit.ExitException;
import dev.facemask.vision.dataset.Split;
import java.util.Locale;

/** {@code train|val|test} on the command line. */
public final class SplitNames {
    private SplitNames() {}

    public static Split parse(String name) {
        try {
            return Split.valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ExitException.usage("Unknown split '" + name + "': use train, val or test");
        }
    }
}
