package dev.facemask.vision.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.facemask.vision.detect.DecodeOptions;
import dev.facemask.vision.preprocess.ColorMode;
import dev.facemask.vision.preprocess.Preprocessor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code model.json}, written by the trainer beside its SavedModel and read by every consumer of
 * the model. Labels, input size and channels come from here, never from code.
 *
 * @param name model name, for example {@code facemask-tiny}
 * @param version semantic version of the model
 * @param preset trainer preset it was built with ({@code seed}, {@code small}, {@code tiny})
 * @param classes class names, by class index
 * @param inputSize side of the square model input, pixels
 * @param channels 3 for RGB, 1 for grayscale
 * @param preprocessing human-readable description of the preprocessing
 * @param boxFormat layout of the {@code boxes} output
 * @param heatmapSize side of the Grad-CAM grid the {@code gradcam} signature returns
 * @param metrics final metrics, such as {@code val_accuracy}
 * @param dataFingerprint SHA-256 over the training split's file names and labels
 * @param createdAt ISO-8601 creation time
 * @param trainerVersion version of the trainer that wrote it
 * @param boxHead the single-face box head's variant ({@code centroid}, {@code spatial} or {@code pooled}); {@code null}
 *     in model folders written before the option existed, which are all {@code spatial}
 * @param head {@code single} (the seed's one-face heads) or {@code dense} (every face); null reads as single
 * @param outputGrid side of the dense head's output grid (0 for the single head)
 * @param decode how the dense head's maps become faces; null reads as {@link DecodeOptions#DEFAULTS}
 * @param centres how a dense head scores faces: {@code per-class} heatmaps or {@code objectness} times a
 *     class softmax (the outputs are the same either way); null for the single head and for dense
 *     models written before the option, which are all per-class
 * @param classBranch channels of an objectness head's own class branch; 0 for class logits read from
 *     the shared trunk, and in {@code model.json} files written before the option
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModelMetadata(
        String name,
        String version,
        String preset,
        List<String> classes,
        int inputSize,
        int channels,
        String preprocessing,
        String boxFormat,
        int heatmapSize,
        Map<String, Double> metrics,
        String dataFingerprint,
        String createdAt,
        String trainerVersion,
        String boxHead,
        String head,
        int outputGrid,
        DecodeOptions decode,
        String centres,
        int classBranch) {

    /** Without a class branch: the form every caller used before the option existed. */
    public ModelMetadata(String name, String version, String preset, List<String> classes, int inputSize, int channels,
            String preprocessing, String boxFormat, int heatmapSize, Map<String, Double> metrics, String dataFingerprint,
            String createdAt, String trainerVersion, String boxHead, String head, int outputGrid, DecodeOptions decode,
            String centres) {
        this(name, version, preset, classes, inputSize, channels, preprocessing, boxFormat, heatmapSize, metrics,
                dataFingerprint, createdAt, trainerVersion, boxHead, head, outputGrid, decode, centres, 0);
    }

    public static final String HEAD_SINGLE = "single";
    public static final String HEAD_DENSE = "dense";

    public static final String FILE_NAME = "model.json";
    public static final String PREPROCESSING =
            "resize longer side to inputSize keeping aspect ratio; zero-pad bottom and right; pixels / 255";
    public static final String BOX_FORMAT = "xywh: [x_min, y_min, width, height] normalised to the padded input";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public ModelMetadata {
        if (classes == null || classes.isEmpty()) {
            throw new IllegalArgumentException("model.json must list at least one class");
        }
        classes = List.copyOf(classes);
        metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
        head = head == null ? HEAD_SINGLE : head;
        if (!HEAD_SINGLE.equals(head) && !HEAD_DENSE.equals(head)) {
            throw new IllegalArgumentException("model.json head must be '" + HEAD_SINGLE + "' or '" + HEAD_DENSE
                    + "', was '" + head + "'");
        }
    }

    /** A single-head model's metadata, as every model.json before the dense head read. */
    public ModelMetadata(String name, String version, String preset, List<String> classes, int inputSize, int channels,
            String preprocessing, String boxFormat, int heatmapSize, Map<String, Double> metrics,
            String dataFingerprint, String createdAt, String trainerVersion) {
        this(name, version, preset, classes, inputSize, channels, preprocessing, boxFormat, heatmapSize, metrics,
                dataFingerprint, createdAt, trainerVersion, null, HEAD_SINGLE, 0, null, null);
    }

    /** Whether the model reports every face (the dense head) rather than one. */
    public boolean dense() {
        return HEAD_DENSE.equals(head);
    }

    /** The decoding options of a dense model. */
    public DecodeOptions decodeOptions() {
        return decode != null ? decode : DecodeOptions.DEFAULTS;
    }

    /** The preprocessing this model was trained with. */
    public Preprocessor preprocessor() {
        return new Preprocessor(inputSize, ColorMode.forChannels(channels));
    }

    public String classLabel(int classId) {
        return classId >= 0 && classId < classes.size() ? classes.get(classId) : "class-" + classId;
    }

    public void write(Path modelDir) throws IOException {
        Files.createDirectories(modelDir);
        JSON.writeValue(modelDir.resolve(FILE_NAME).toFile(), this);
    }

    /**
     * Reads {@code model.json} from a model folder.
     *
     * @throws IOException with a message naming the folder when it is missing or unreadable
     */
    public static ModelMetadata read(Path modelDir) throws IOException {
        Path file = modelDir.resolve(FILE_NAME);
        if (!Files.isDirectory(modelDir)) {
            throw new IOException("Model folder not found: " + modelDir.toAbsolutePath()
                    + " (train one with `./detector train --out " + modelDir + "`)");
        }
        if (!Files.isRegularFile(file)) {
            throw new IOException("Not a model folder from this trainer: " + modelDir.toAbsolutePath()
                    + " has no " + FILE_NAME);
        }
        try {
            return JSON.readValue(file.toFile(), ModelMetadata.class);
        } catch (IOException | RuntimeException e) {
            throw new IOException("Unreadable " + file.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }
}
