package dev.facemask.cli.model;

import dev.facemask.trainer.export.ModelExporter;
import dev.facemask.trainer.fit.DenseTrainingSession;
import dev.facemask.trainer.fit.TrainingOptions;
import dev.facemask.trainer.fit.TrainingSession;
import dev.facemask.trainer.model.ModelConfig;
import dev.facemask.trainer.model.ModelWeights;
import dev.facemask.trainer.model.Preset;
import dev.facemask.vision.synth.SyntheticFaceGenerator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * Exports a freshly initialised model: inference speed does not depend on the weights. Used by
 * {@code bench} and {@code model export-untrained} (load tests); single-head and dense presets alike.
 */
public final class UntrainedModel {

    private UntrainedModel() {}

    /** Writes a model folder (SavedModel and {@code model.json}, labels of the synthetic set) to {@code dir}. */
    public static Path export(Preset preset, Path dir) throws IOException {
        return export(preset, dir, true);
    }

    /** As above; {@code foldBatchNorm} false exports batch norm as separate ops (the graph before folding). */
    public static Path export(Preset preset, Path dir, boolean foldBatchNorm) throws IOException {
        return export(preset, dir, foldBatchNorm, foldBatchNorm);
    }

    /** As above; {@code freezeWeights} false keeps the weights in variables (the export before freezing). */
    public static Path export(Preset preset, Path dir, boolean foldBatchNorm, boolean freezeWeights) throws IOException {
        ModelConfig config = ModelConfig.builder(preset).numClasses(SyntheticFaceGenerator.CLASS_NAMES.size()).build();
        TrainingOptions options = TrainingOptions.builder().outputDir(dir.resolveSibling("unused")).build();
        ModelWeights weights;
        if (preset.dense()) {
            float[] classWeights = new float[config.numClasses()];
            Arrays.fill(classWeights, 1f);
            try (DenseTrainingSession session = DenseTrainingSession.create(config, options, classWeights)) {
                weights = session.modelWeights();
            }
        } else {
            try (TrainingSession session = TrainingSession.create(config, options)) {
                weights = session.modelWeights();
            }
        }
        ModelExporter.export(config, weights, dir,
                ModelExporter.metadata(config, SyntheticFaceGenerator.CLASS_NAMES, Map.of(), "untrained"), foldBatchNorm,
                freezeWeights);
        return dir;
    }
}
