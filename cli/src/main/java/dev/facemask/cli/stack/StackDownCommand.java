package dev.facemask.cli.stack;

import dev.facemask.runtime.stack.LocalStack;
import dev.facemask.runtime.stack.StackStatus;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code detector stack down}: stops only the JVMs this stack folder started (SIGTERM, then SIGKILL). */
@Command(name = "down", mixinStandardHelpOptions = true,
        description = "Stop the stack's TaskManager, JobManager and Kafka: SIGTERM, then SIGKILL after a timeout. Data stays.")
public final class StackDownCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StackOptionsMixin stackOptions;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        LocalStack stack = new LocalStack(StackExitCodes.options(stackOptions));
        StackStatus before = StackExitCodes.run(stack::down);
        for (StackStatus.ProcessStatus p : before.processes()) {
            out.println(p.up() ? "stopped " + p.process().id() + " (pid " + p.pid().getAsLong() + ")"
                    : p.process().id() + " was not running");
        }
        return 0;
    }
}
