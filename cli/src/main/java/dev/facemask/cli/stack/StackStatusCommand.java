package dev.facemask.cli.stack;

import dev.facemask.runtime.stack.LocalStack;
import dev.facemask.runtime.stack.StackStatus;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code detector stack status}: each JVM up or down, its pid and endpoint. Exit code 0 only if all are up. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show whether Kafka, the JobManager and the TaskManager run, with pids and ports. Exit code 3 if not all are up.")
public final class StackStatusCommand implements Callable<Integer> {

    /** Exit code when some part of the stack is down, so scripts can test {@code stack status}. */
    public static final int NOT_ALL_UP = 3;

    @Spec
    CommandSpec spec;

    @Mixin
    StackOptionsMixin stackOptions;

    @Override
    public Integer call() {
        LocalStack stack = new LocalStack(StackExitCodes.options(stackOptions));
        StackStatus status = stack.status();
        StackStatusPrinter.print(status, stack.options().layout(), spec.commandLine().getOut());
        return status.allUp() ? 0 : NOT_ALL_UP;
    }
}
