package dev.facemask.trainer.export;

import dev.facemask.trainer.model.ModelConfig;
import dev.facemask.trainer.model.ModelWeights;
import dev.facemask.vision.model.ModelMetadata;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Exports a trained dense model again at another input size, with the same weights. The dense head
 * is fully convolutional (the squeeze-and-excitation means and the Grad-CAM pool average over
 * whatever map they get), so a model trained at 320 px runs at 480 px with its faces 1.5 times
 * as many pixels and heatmap cells: small faces, which a crowd photo is full of, grow into the
 * sizes the model was trained to find, at 2.25 times the work per frame.
 *
 * <pre>{@code
 * ModelMetadata resized = ModelResizer.resize(Path.of("models/detect"), 480, Path.of("models/detect-480"));
 * }</pre>
 */
public final class ModelResizer {

    /** Metric recorded in the resized {@code model.json}: the input size its other metrics were measured at. */
    public static final String TRAINED_INPUT_SIZE = "trainedInputSize";

    private ModelResizer() {}

    /**
     * Writes the model in {@code source} at {@code inputSize} into {@code out} (missing or empty).
     *
     * @return the metadata written, with the new input and output grid sizes
     * @throws IllegalArgumentException when the model is a single-face one, or the size does not suit it
     * @throws IOException when {@code source} cannot be read or {@code out} written
     */
    public static ModelMetadata resize(Path source, int inputSize, Path out) throws IOException {
        ModelMetadata meta = ModelMetadata.read(source);
        if (!meta.dense()) {
            throw new IllegalArgumentException("Model " + source + " has the single-face head (" + meta.preset()
                    + "), whose box head reads a feature map of one fixed size; only a dense (detect-*) model can"
                    + " run at another input size");
        }
        ModelConfig config = ModelConfig.of(meta).toBuilder().inputSize(inputSize).build();
        ModelWeights weights = ExportedWeights.read(source, name -> true, "Model", "weights");
        Map<String, Double> metrics = new LinkedHashMap<>(meta.metrics() == null ? Map.of() : meta.metrics());
        metrics.putIfAbsent(TRAINED_INPUT_SIZE, (double) meta.inputSize());
        ModelMetadata resized = ModelExporter.metadata(config, meta.classes(), metrics, meta.dataFingerprint(),
                meta.decodeOptions());
        try {
            ModelExporter.export(config, weights, out, resized);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new IllegalArgumentException("Model " + source + " does not match the " + meta.preset()
                    + " preset its model.json names (" + e.getMessage() + ")", e);
        }
        return resized;
    }
}
