package dev.facemask.cli;

import picocli.CommandLine;

/** The command tree, in the order `--help` lists it. */
final class Subcommands {
    private Subcommands() {}

    static void register(CommandLine cli) {
    }
}
