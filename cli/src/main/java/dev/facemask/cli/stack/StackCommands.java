package dev.facemask.cli.stack;

import dev.facemask.cli.ExitException;
import java.util.function.Supplier;

/** Turns option and stack failures into the CLI's exit codes: bad options 2, stack failures 1. */
final class StackCommands {
    private StackCommands() {}

    static StackOptions options(StackOptionsMixin mixin) {
        try {
            return mixin.toOptions();
        } catch (IllegalArgumentException e) {
            throw ExitException.usage(e.getMessage());
        }
    }

    static <T> T run(Supplier<T> action) {
        try {
            return action.get();
        } catch (StackException e) {
            throw ExitException.failure(e.getMessage());
        }
    }
}
