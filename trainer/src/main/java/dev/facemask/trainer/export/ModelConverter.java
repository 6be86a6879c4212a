package dev.facemask.trainer.export;

import dev.facemask.trainer.model.ModelConfig;
import dev.facemask.trainer.model.ModelWeights;
import dev.facemask.vision.model.ModelMetadata;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes a model folder again with its weights stored the other way: frozen into constants in the
 * graph (faster batches of one or two; about 0.6 GB more memory for the seed model once loaded) or as
 * variables (the lean load, as exports were before freezing). Same graph, weights and
 * {@code model.json}; works for models of either kind and either head.
 */
public final class ModelConverter {

    /** How an export holds its weights. */
    public enum WeightStorage {
        /** Constants in {@code saved_model.pb}: oneDNN caches each convolution's weights in its own layout. */
        CONSTANTS,
        /** Variables in {@code variables/}: less memory, reordered by oneDNN on every call. */
        VARIABLES
    }

    private ModelConverter() {}

    /**
     * @param source model folder to read (weights as constants or variables)
     * @param out folder to write, missing or empty
     * @throws IllegalArgumentException when the weights do not match the preset {@code model.json} names
     * @throws IOException when {@code source} cannot be read or {@code out} written
     */
    public static ModelMetadata convert(Path source, Path out, WeightStorage storage) throws IOException {
        ModelMetadata meta = ModelMetadata.read(source);
        ModelConfig config = ModelConfig.of(meta);
        ModelWeights weights = ExportedWeights.read(source, name -> true, "Model", "weights");
        try {
            ModelExporter.export(config, weights, out, meta, true, storage == WeightStorage.CONSTANTS);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new IllegalArgumentException("Model " + source + " does not match the " + meta.preset()
                    + " preset its model.json names (" + e.getMessage() + ")", e);
        }
        return meta;
    }
}
