package dev.facemask.cli.model;

import dev.facemask.trainer.model.ModelConfig;
import dev.facemask.trainer.model.ModelSummary;
import dev.facemask.trainer.model.Preset;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code detector model summary}: layers, parameters and GFLOPs of a preset. */
@Command(name = "model", mixinStandardHelpOptions = true, description = "Describe the model architecture.",
        subcommands = ModelCommand.Summary.class)
public final class ModelCommand {

    /** Prints the layer table, parameter count and GFLOPs per image. */
    @Command(name = "summary", mixinStandardHelpOptions = true, description = "Print layers, parameter count and GFLOPs per image.")
    static final class Summary implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--preset", defaultValue = "seed", converter = PresetConverter.class,
                description = "seed | small | tiny (default: ${DEFAULT-VALUE}).")
        Preset preset;

        @Option(names = "--classes", defaultValue = "2", description = "Classes of the classifier head (default: ${DEFAULT-VALUE}).")
        int classes;

        @Override
        public Integer call() {
            ModelSummary summary = ModelSummary.of(ModelConfig.builder(preset).numClasses(classes).build());
            spec.commandLine().getOut().println(summary.format());
            return 0;
        }
    }
}
