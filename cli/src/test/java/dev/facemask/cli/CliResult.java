package dev.facemask.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/**
 * Runs {@code detector <args>} in this JVM through the real command tree and exit-code mapping,
 * capturing out and err.
 */
public record CliResult(int exitCode, String out, String err) {

    public static CliResult run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = DetectorCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new CliResult(code, out.toString(), err.toString());
    }
}
