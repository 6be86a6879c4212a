package dev.facemask.cli.stack;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code detector stack up|down|status}: a real Kafka broker and Flink session cluster on 127.0.0.1. */
@Command(name = "stack", mixinStandardHelpOptions = true,
        description = "Run a local Kafka broker and Flink session cluster (each in its own JVM) on 127.0.0.1.",
        subcommands = {StackUpCommand.class, StackDownCommand.class, StackStatusCommand.class})
public final class StackCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return CommandLine.ExitCode.USAGE;
    }
}
