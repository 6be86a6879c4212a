package dev.facemask.cli.model;

import dev.facemask.inference.ModelFolder;
import dev.facemask.trainer.export.ModelConverter;
import dev.facemask.trainer.export.ModelResizer;
import dev.facemask.trainer.model.ModelConfig;
import dev.facemask.trainer.model.ModelSummary;
import dev.facemask.trainer.model.Preset;
import dev.facemask.vision.model.ModelMetadata;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code detector model summary}: layers, parameters and GFLOPs of a preset;
 * {@code detector model export-untrained}: a model folder with random weights, for load tests;
 * {@code detector model resize}: a trained dense model exported again at another input size.
 */
@Command(name = "model", mixinStandardHelpOptions = true, description = "Describe the model architecture.",
        subcommands = {ModelCommand.Summary.class, ModelCommand.ExportUntrained.class, ModelCommand.Resize.class,
            ModelCommand.Convert.class})
public final class ModelCommand {

    /** Prints the layer table, parameter count and GFLOPs per image. */
    @Command(name = "summary", mixinStandardHelpOptions = true, description = "Print layers, parameter count and GFLOPs per image.")
    static final class Summary implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--preset", defaultValue = "seed", converter = PresetConverter.class,
                description = "seed | small | tiny | detect-small | detect-seed | detect-tiny (default: ${DEFAULT-VALUE}).")
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
                description = "seed | small | tiny | detect-small | detect-seed | detect-tiny (default: ${DEFAULT-VALUE}).")
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

    /** Exports a trained dense model at another input size, with the same weights (see {@link ModelResizer}). */
    @Command(name = "resize", mixinStandardHelpOptions = true,
            description = {"Export a trained every-face (detect-*) model again at another input size, same weights:",
                "larger finds smaller faces, at (new / old)^2 times the work per frame. Score it with evaluate first.",
                "  ./detector model resize --model models/detect --input-size 480 --out models/detect-480"})
    static final class Resize implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--model", required = true, paramLabel = "MODEL_DIR", description = "Trained dense model folder.")
        Path model;

        @Option(names = "--input-size", required = true, paramLabel = "PIXELS",
                description = "New input side in pixels, a multiple of the last stage's stride (32 for detect-small).")
        int inputSize;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Model folder to write; must be new or empty.")
        Path out;

        @Override
        public Integer call() throws IOException {
            ModelMetadata before = ModelFolder.open(model).metadata();
            ModelMetadata after;
            try {
                after = ModelResizer.resize(model, inputSize, out);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage(), e);
            }
            spec.commandLine().getOut().printf("Exported %s at %d px (heatmap %dx%d) to %s, from %d px (%dx%d): "
                    + "%.2f times the work per frame%n", before.preset(), after.inputSize(), after.outputGrid(),
                    after.outputGrid(), out, before.inputSize(), before.outputGrid(), before.outputGrid(),
                    Math.pow((double) after.inputSize() / before.inputSize(), 2));
            return 0;
        }
    }

    /** {@code model convert}: the same model with its weights stored as constants or as variables. */
    @Command(name = "convert", mixinStandardHelpOptions = true,
            description = {"Export a model again with its weights stored another way, same graph and model.json:",
                "constants (the default of every export: batches of one or two run up to 1.5 times faster) or",
                "variables (the export before: about 0.6 GB less memory for the seed model once loaded).",
                "  ./detector model convert --model models/seed --weights variables --out models/seed-lean"})
    static final class Convert implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--model", required = true, paramLabel = "MODEL_DIR", description = "Model folder to read.")
        Path model;

        @Option(names = "--weights", required = true, paramLabel = "constants|variables",
                description = "How the new folder holds the weights: ${COMPLETION-CANDIDATES}.")
        ModelConverter.WeightStorage weights;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Model folder to write; must be new or empty.")
        Path out;

        @Override
        public Integer call() throws IOException {
            ModelFolder.open(model);
            ModelMetadata meta;
            try {
                meta = ModelConverter.convert(model, out, weights);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage(), e);
            }
            spec.commandLine().getOut().printf("Exported %s with its weights as %s to %s%n", meta.preset(),
                    weights.name().toLowerCase(java.util.Locale.ROOT), out);
            return 0;
        }
    }
}
