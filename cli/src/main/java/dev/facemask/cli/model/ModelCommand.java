package dev.facemask.cli.model;

import dev.facemask.trainer.model.ModelConfig;
import dev.facemask.trainer.model.ModelSummary;
import dev.facemask.trainer.model.Preset;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code detector model summary}: layers, parameters and GFLOPs of a preset;
 * {@code detector model export-untrained}: a model folder with random weights, for load tests.
 */
@Command(name = "model", mixinStandardHelpOptions = true, description = "Describe the model architecture.",
        subcommands = {ModelCommand.Summary.class, ModelCommand.ExportUntrained.class})
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

    /** Writes a preset's freshly initialised model: it runs as fast as a trained one, its answers mean nothing. */
    @Command(name = "export-untrained", mixinStandardHelpOptions = true,
            description = {"Export a model with random weights, for load and speed tests (its predictions mean nothing).",
                "  ./detector model export-untrained --preset seed --out target/seed-untrained"})
    static final class ExportUntrained implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--preset", defaultValue = "seed", converter = PresetConverter.class,
                description = "seed | small | tiny (default: ${DEFAULT-VALUE}).")
        Preset preset;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Model folder to write.")
        Path out;

        @Override
        public Integer call() throws IOException {
            UntrainedModel.export(preset, out);
            spec.commandLine().getOut().println("Exported an untrained " + preset.id()
                    + " model to " + out + " (random weights: for load tests only)");
            return 0;
        }
    }
}
