package dev.facemask.cli.data;

import picocli.CommandLine.Command;

/** {@code detector data}: make and check datasets. */
@Command(name = "data", mixinStandardHelpOptions = true, description = "Make and inspect datasets.",
        subcommands = {SynthCommand.class, InspectCommand.class})
public final class DataCommand {
}
