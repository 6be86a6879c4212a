package dev.facemask.cli;

import dev.facemask.cli.bench.BenchCommand;
import dev.facemask.cli.consume.ConsumeCommand;
import dev.facemask.cli.data.DataCommand;
import dev.facemask.cli.demo.DemoCommand;
import dev.facemask.cli.replay.ReplayCommand;
import dev.facemask.cli.schema.SchemaCommand;
import dev.facemask.cli.view.ViewCommand;
import dev.facemask.cli.deploy.DeployCommand;
import dev.facemask.cli.job.LocalJobCommand;
import dev.facemask.cli.model.ModelCommand;
import dev.facemask.cli.produce.ProduceCommand;
import dev.facemask.cli.stack.StackCommand;
import dev.facemask.cli.train.EvaluateCommand;
import dev.facemask.cli.train.GradCamCommand;
import dev.facemask.cli.train.TrainCommand;
import picocli.CommandLine;

/** The command tree, in the order `--help` lists it. */
final class Subcommands {
    private Subcommands() {}

    static void register(CommandLine cli) {
        cli.addSubcommand(new DemoCommand());
        cli.addSubcommand(new DataCommand());
        cli.addSubcommand(new ModelCommand());
        cli.addSubcommand(new TrainCommand());
        cli.addSubcommand(new EvaluateCommand());
        cli.addSubcommand(new GradCamCommand());
        cli.addSubcommand(new LocalJobCommand());
        cli.addSubcommand(new ProduceCommand());
        cli.addSubcommand(new ConsumeCommand());
        cli.addSubcommand(new ReplayCommand());
        cli.addSubcommand(new ViewCommand());
        cli.addSubcommand(new SchemaCommand());
        cli.addSubcommand(new StackCommand());
        cli.addSubcommand(new DeployCommand());
        cli.addSubcommand(new BenchCommand());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.registerConverter(java.time.Duration.class, new DurationConverter());
    }
}
