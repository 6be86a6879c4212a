package dev.facemask.cli.bench;

import dev.facemask.cli.model.PresetConverter;
import dev.facemask.cli.model.UntrainedModel;
import dev.facemask.trainer.model.ModelConfig;
import dev.facemask.trainer.model.ModelSummary;
import dev.facemask.trainer.model.Preset;
import dev.facemask.vision.model.ModelMetadata;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.io.FileUtils;
import picocli.CommandLine.Option;

/** The model a benchmark measures: a model folder, or an untrained preset exported on the fly. */
final class BenchModel {

    @Option(names = "--model", paramLabel = "MODEL_DIR", description = "Model to measure. Default: an untrained --preset model.")
    Path model;

    @Option(names = "--preset", defaultValue = "seed", converter = PresetConverter.class, description = "Default: ${DEFAULT-VALUE}.")
    Preset preset;

    @Option(names = "--keep-batch-norm", description = "Export the untrained model with batch norm as separate ops, "
            + "as exports were before batch norm was folded into the convolutions (for before/after figures).")
    boolean keepBatchNorm;

    @Option(names = "--weights-as-variables", description = "Export the untrained model with its weights in variables, "
            + "as exports were before they were frozen into constants (for before/after figures).")
    boolean weightsAsVariables;

    /** The folder to measure, exporting the untrained preset first when no --model was given. */
    Path resolve(PrintWriter out) throws IOException {
        if (model != null) {
            return model;
        }
        Path temp = Files.createTempDirectory("bench-model");
        // An untrained seed export is about 100 MB: leave nothing behind in the temp folder.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> FileUtils.deleteQuietly(temp.toFile()), "delete-bench-model"));
        Path dir = temp.resolve(preset.id());
        out.printf("Exporting an untrained %s model to %s%s%s%n", preset.id(), dir,
                keepBatchNorm ? " (batch norm kept as separate ops)" : "",
                keepBatchNorm || weightsAsVariables ? " (weights in variables)" : "");
        out.flush();
        return UntrainedModel.export(preset, dir, !keepBatchNorm, !keepBatchNorm && !weightsAsVariables);
    }

    /**
     * Forward passes the predictor makes per frame: two with the flip test in {@code model.json}'s
     * decode options (the frame and its mirror), else one.
     */
    static int passesPerFrame(Path dir) throws IOException {
        ModelMetadata meta = ModelMetadata.read(dir);
        return meta.dense() && meta.decodeOptions().flipTest() ? 2 : 1;
    }

    /** Forward GFLOP per image of the model in {@code dir}, from its {@code model.json}. */
    static double gflopsPerImage(Path dir) throws IOException {
        ModelConfig config = ModelConfig.of(ModelMetadata.read(dir));
        return ModelSummary.of(config).gflopsPerImage();
    }
}
