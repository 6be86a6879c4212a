package dev.facemask.cli.stack;

import dev.facemask.cli.exit.ExitException;
import dev.facemask.runtime.stack.StackException;
import dev.facemask.runtime.stack.StackOptions;
import java.util.function.Supplier;

/** Maps the stack commands' failures to the CLI's exit codes: bad options 2 ({@link #options}), stack failures 1 ({@link #run}). */
final class StackExitCodes {
    private StackExitCodes() {}

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
