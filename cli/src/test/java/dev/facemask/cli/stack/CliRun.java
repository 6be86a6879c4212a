package dev.facemask.cli.stack;

import dev.facemask.cli.exit.ExitException;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/**
 * Runs one command object the way the {@code detector} root does (ExitException to its exit code),
 * capturing what it prints.
 *
 * @param exitCode the command's exit code
 * @param out what it printed to the command line's out
 * @param err what it printed to err, including "error: ..." lines
 */
public record CliRun(int exitCode, String out, String err) {

    public static CliRun of(Object command, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(command);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println("error: " + ex.getMessage());
            return ex instanceof ExitException exit ? exit.exitCode() : ExitException.FAILURE;
        });
        int code = cli.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }
}
