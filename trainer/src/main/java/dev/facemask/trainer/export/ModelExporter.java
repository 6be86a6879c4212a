package dev.facemask.trainer.export;

import dev.facemask.trainer.model.ModelConfig;
import dev.facemask.trainer.model.ModelWeights;
import dev.facemask.vision.model.ModelMetadata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.facemask.vision.detect.DecodeOptions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes a model folder that every consumer reads: a lean SavedModel (no optimizer slots, batch
 * norm folded into the convolutions) plus {@code model.json}.
 *
 * <pre>{@code
 * ModelMetadata meta = ModelExporter.metadata(config, List.of("masked", "unmasked"),
 *         result.finalMetrics(), fingerprint);
 * ModelExporter.export(config, result.bestWeights(), Path.of("models/tiny"), meta);
 * }</pre>
 */
public final class ModelExporter {

    /** Version written into {@code model.json} as the trainer's. */
    public static final String TRAINER_VERSION = "0.1.0";

    private ModelExporter() {}

    /**
     * Exports {@code weights} into {@code dir}, which must not exist or be empty.
     *
     * @throws IllegalArgumentException when the metadata does not describe {@code config}
     * @throws IOException when {@code dir} already holds files or cannot be written
     */
    public static void export(ModelConfig config, ModelWeights weights, Path dir, ModelMetadata metadata)
            throws IOException {
        export(config, weights, dir, metadata, true);
    }

    /**
     * As above; {@code foldBatchNorm} false keeps each batch norm as its own op, as exports were
     * before folding (for before/after measurements: {@code bench --keep-batch-norm}).
     */
    public static void export(ModelConfig config, ModelWeights weights, Path dir, ModelMetadata metadata,
            boolean foldBatchNorm) throws IOException {
        export(config, weights, dir, metadata, foldBatchNorm, foldBatchNorm);
    }

    /**
     * As above; {@code freezeWeights} false writes the weights as variables instead of constants, as
     * exports were before freezing (for before/after measurements: {@code bench --weights-as-variables}).
     */
    public static void export(ModelConfig config, ModelWeights weights, Path dir, ModelMetadata metadata,
            boolean foldBatchNorm, boolean freezeWeights) throws IOException {
        checkMatches(config, metadata);
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                if (files.findAny().isPresent()) {
                    throw new IOException("Export folder " + dir.toAbsolutePath()
                            + " is not empty: choose a new folder or delete it first");
                }
            }
        }
        Files.createDirectories(dir);
        // Batch norm folded into the convolutions: Grappler then fuses conv + bias + ReLU (see the inference
        // README's profile); weights frozen into constants, which oneDNN reorders once instead of every call.
        try (InferenceModel model = foldBatchNorm ? InferenceModel.createFolded(config, weights)
                : InferenceModel.create(config, weights)) {
            model.exportSavedModel(dir, freezeWeights);
        }
        metadata.write(dir);
    }

    /**
     * {@code dir} when it is missing or empty, else the first of {@code dir-1}, {@code dir-2}, ... that
     * is. A training run checks its folder when it starts, but something else may fill it during the
     * run (a second run, a user's copy); then the trained model goes next to it instead of being lost.
     */
    public static Path freeFolder(Path dir) throws IOException {
        Path candidate = dir;
        for (int i = 1; !isMissingOrEmpty(candidate); i++) {
            candidate = dir.resolveSibling(dir.getFileName() + "-" + i);
        }
        return candidate;
    }

    private static boolean isMissingOrEmpty(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return true;
        }
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.findAny().isEmpty();
        }
    }

    /** {@code model.json} contents for {@code config}, stamped with the current time. */
    public static ModelMetadata metadata(ModelConfig config, List<String> classes, Map<String, Double> metrics,
            String dataFingerprint) {
        return metadata(config, classes, metrics, dataFingerprint, DecodeOptions.DEFAULTS);
    }

    /** As above; a dense model also records how its maps are decoded into faces. */
    public static ModelMetadata metadata(ModelConfig config, List<String> classes, Map<String, Double> metrics,
            String dataFingerprint, DecodeOptions decode) {
        return new ModelMetadata("facemask-" + config.preset().id(), "1.0.0", config.preset().id(), classes,
                config.inputSize(), config.channels(), ModelMetadata.PREPROCESSING, ModelMetadata.BOX_FORMAT,
                config.featureMapSize(), metrics, dataFingerprint, Instant.now().toString(), TRAINER_VERSION,
                config.boxHead().id(),
                config.dense() ? ModelMetadata.HEAD_DENSE : ModelMetadata.HEAD_SINGLE,
                config.dense() ? config.denseGridSize() : 0, config.dense() ? decode : null,
                config.dense() ? config.centreHead().id() : null, config.classBranchChannels());
    }

    private static void checkMatches(ModelConfig config, ModelMetadata m) {
        if (m.classes().size() != config.numClasses()) {
            throw new IllegalArgumentException("model.json lists " + m.classes().size() + " classes " + m.classes()
                    + " but the model has " + config.numClasses() + " outputs");
        }
        if (m.inputSize() != config.inputSize() || m.channels() != config.channels()) {
            throw new IllegalArgumentException("model.json says input " + m.inputSize() + "x" + m.inputSize() + "x"
                    + m.channels() + " but the model takes " + config.inputSize() + "x" + config.inputSize() + "x"
                    + config.channels());
        }
        if (m.heatmapSize() != config.featureMapSize()) {
            throw new IllegalArgumentException("model.json says heatmapSize " + m.heatmapSize()
                    + " but the model's last feature map is " + config.featureMapSize());
        }
    }
}
