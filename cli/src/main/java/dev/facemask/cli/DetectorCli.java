package dev.facemask.cli;

import dev.facemask.cli.exit.ExitException;
import dev.facemask.job.JobCommand;
import dev.facemask.job.options.KafkaClientProperties;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code detector} command line. Each subcommand is one class; this one only assembles them and
 * maps failures to exit codes: 0 success, 2 bad usage, 1 failure, each with a one-line message.
 */
@Command(
        name = "detector",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Real-time face-mask detection: train a model, serve it from Apache Flink, feed and watch Kafka.",
        subcommands = {CommandLine.HelpCommand.class},
        footer = {"", "Start with `./detector demo`. Run `./detector <command> --help` for each command's options."})
public final class DetectorCli implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** A command line with every subcommand registered and the project's exit-code mapping. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new DetectorCli());
        Subcommands.register(cli);
        cli.setExecutionExceptionHandler(new FailureHandler());
        cli.setParameterExceptionHandler(new UsageErrorHandler());
        return cli;
    }

    public static void main(String[] args) {
        // Our logging config must win over the ones Kafka's and Flink's jars ship.
        System.setProperty("log4j2.configurationFile", System.getProperty("log4j2.configurationFile", "detector-log4j2.xml"));
        int code = commandLine().execute(args);
        System.exit(code);
    }

    /** Runtime failures: one line naming what went wrong, exit code 1; the stack trace only with DETECTOR_DEBUG. */
    static final class FailureHandler implements CommandLine.IExecutionExceptionHandler {
        @Override
        public int handleExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parsed) {
            PrintWriter err = cmd.getErr();
            if (ex instanceof ExitException exit) {
                err.println(cmd.getColorScheme().errorText("error: " + exit.getMessage()));
                return exit.exitCode();
            }
            if (ex instanceof JobCommand.BadUsageException usage) {
                err.println(cmd.getColorScheme().errorText("error: " + usage.getMessage()));
                return ExitException.USAGE;
            }
            err.println(cmd.getColorScheme().errorText("error: " + describe(ex)));
            if (System.getenv("DETECTOR_DEBUG") != null) {
                ex.printStackTrace(err);
            }
            return ExitException.FAILURE;
        }

        private static String describe(Throwable ex) {
            Throwable t = ex;
            while (t.getCause() != null && (t.getMessage() == null || t instanceof java.util.concurrent.ExecutionException)) {
                t = t.getCause();
            }
            String msg = t.getMessage();
            return msg == null ? t.getClass().getSimpleName() : msg;
        }
    }

    /** Bad usage: the message and a hint, exit code 2. */
    static final class UsageErrorHandler implements CommandLine.IParameterExceptionHandler {
        @Override
        public int handleParseException(CommandLine.ParameterException ex, String[] args) {
            CommandLine cmd = ex.getCommandLine();
            // picocli quotes mistyped arguments back; a mistyped --kafka-property may hold a password.
            String message = KafkaClientProperties.maskSecrets(String.valueOf(ex.getMessage()), List.of(args));
            cmd.getErr().println(cmd.getColorScheme().errorText("error: " + message));
            cmd.getErr().println("Try `" + cmd.getCommandSpec().qualifiedName() + " --help`.");
            return ExitException.USAGE;
        }
    }
}
