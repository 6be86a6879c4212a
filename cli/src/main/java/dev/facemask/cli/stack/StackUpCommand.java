package dev.facemask.cli.stack;

import dev.facemask.cli.exit.ExitException;
import dev.facemask.runtime.stack.LocalStack;
import dev.facemask.runtime.stack.StackStatus;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code detector stack up}: starts what is not running and waits until Kafka and Flink answer. */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = "Start Kafka (KRaft) and a Flink session cluster (1 JobManager, --taskmanagers TaskManagers) and wait until they answer.")
public final class StackUpCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StackOptionsMixin stackOptions;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        LocalStack stack = new LocalStack(StackExitCodes.options(stackOptions));
        if (!stack.hasModelRuntime()) {
            out.println("warning: no model runtime jars in " + stack.options().layout().modelRuntimeJars()
                    + ": Flink starts without TensorFlow and the inference code, so the job cannot run; stage them with `mvn -pl local-runtime -am package`");
        }
        out.println("Starting the stack in " + stack.options().stackDir() + " ...");
        out.flush();
        long start = System.nanoTime();
        StackStatus status = StackExitCodes.run(stack::up);
        out.printf(Locale.ROOT, "Stack up in %.1f s.%n", (System.nanoTime() - start) / 1e9);
        StackStatusPrinter.print(status, stack.options().layout(), out);
        out.println("Topics:                  " + String.join(", ", LocalStack.TOPICS)
                + " (" + stack.options().totalSlots() + " partitions each)");
        if (!status.allUp()) {
            throw ExitException.failure("the stack did not come up completely; see `./detector stack status`");
        }
        return 0;
    }
}
