package dev.facemask.inference;

import dev.facemask.vision.detect.CenterDecoder;
import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.tensorflow.engine.SavedModelBundle;
import ai.djl.tensorflow.engine.TfSymbolBlock;
import ai.djl.tensorflow.engine.javacpp.JavacppUtils;
import dev.facemask.vision.model.ModelMetadata;
import dev.facemask.vision.preprocess.PreparedImage;
import dev.facemask.vision.preprocess.Preprocessor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.SignatureDef;

/**
 * A trainer's model folder loaded once through DJL's TensorFlow engine, with both signatures ready.
 *
 * <p>The SavedModel is loaded a single time; {@code serving_default} and {@code gradcam} are two
 * views on the same session, so weights are in memory once. Thread-safe: calls run concurrently
 * and {@link #close()} waits for calls in flight. Usage:
 *
 * <pre>{@code
 * try (SavedModelPredictor model = SavedModelPredictor.load(Path.of("models/tiny"))) {
 *     PreparedImage image = model.preprocessor().prepare(ImageFiles.readForModel(file, 244)); // upright by EXIF
 *     Prediction p = model.predict(List.of(image), false).get(0);
 * }
 * }</pre>
 */
public final class SavedModelPredictor implements BatchPredictor {

    private final ModelFolder folder;
    private final Precision precision;
    private final ZooModel<NDList, NDList> model;
    private final SignatureRunner serving;
    private final SignatureRunner gradCam; // null when the model has no gradcam signature
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private volatile boolean closed;

    private SavedModelPredictor(ModelFolder folder, Precision precision, ZooModel<NDList, NDList> model) {
        this.folder = folder;
        this.precision = precision;
        this.model = model;
        TfSymbolBlock servingBlock = (TfSymbolBlock) model.getBlock();
        SavedModelBundle bundle = servingBlock.getSavedModelBundle();
        Map<String, SignatureDef> signatures = bundle.getMetaGraphDef().getSignatureDefMap();
        checkSignature(signatures, SignatureNames.SERVING, false);
        ModelMetadata meta = folder.metadata();
        CenterDecoder decoder = meta.dense() ? new CenterDecoder(meta.decodeOptions()) : null;
        this.serving = new SignatureRunner(SignatureNames.SERVING, servingBlock, model.getNDManager(), false, decoder,
                precision);
        if (signatures.containsKey(SignatureNames.GRADCAM)) {
            checkSignature(signatures, SignatureNames.GRADCAM, true);
            // A second block over the same bundle: never closed itself, since closing a block
            // closes its bundle; the model closes the bundle once.
            TfSymbolBlock gradCamBlock = new TfSymbolBlock(bundle, SignatureNames.GRADCAM);
            this.gradCam = new SignatureRunner(SignatureNames.GRADCAM, gradCamBlock, model.getNDManager(), true,
                    decoder, precision);
        } else {
            this.gradCam = null;
        }
    }

    /** Checks and loads a model folder, in float32. */
    public static SavedModelPredictor load(Path modelDir) {
        return load(ModelFolder.open(modelDir));
    }

    /** Checks and loads a model folder, to run in {@code precision}. */
    public static SavedModelPredictor load(Path modelDir, Precision precision) {
        return load(ModelFolder.open(modelDir), precision);
    }

    /** Loads a checked model folder, in float32. */
    public static SavedModelPredictor load(ModelFolder folder) {
        return load(folder, Precision.FP32);
    }

    /**
     * Loads a checked model folder to run in {@code precision}. In float32 the session gets DJL's
     * default options, exactly as before precisions existed; in bf16 the same options plus oneDNN's
     * automatic mixed-precision rewrite.
     *
     * @throws InvalidModelException when TensorFlow cannot load it or a signature is missing
     */
    public static SavedModelPredictor load(ModelFolder folder, Precision precision) {
        Objects.requireNonNull(folder, "folder");
        Objects.requireNonNull(precision, "precision");
        TensorFlowNatives.ensureLoaded();
        Criteria.Builder<NDList, NDList> builder = Criteria.builder()
                .setTypes(NDList.class, NDList.class)
                .optEngine(TensorFlowNatives.ENGINE_NAME)
                .optModelPath(folder.dir())
                .optOption("Tags", SignatureNames.TAG)
                .optOption("SignatureDefKey", SignatureNames.SERVING);
        if (precision != Precision.FP32) {
            // DJL's TfModel reads "ConfigProto" as Base64 of the proto's bytes and then uses it
            // instead of its own default, so start from that default (thread counts).
            ConfigProto config = precision.config(JavacppUtils.getSessionConfig());
            builder.optOption("ConfigProto", Base64.getEncoder().encodeToString(config.toByteArray()));
        }
        Criteria<NDList, NDList> criteria = builder.build();
        ZooModel<NDList, NDList> model;
        try {
            model = criteria.loadModel();
        } catch (IOException | ModelNotFoundException | MalformedModelException | RuntimeException e) {
            throw new InvalidModelException("TensorFlow could not load the SavedModel in " + folder.dir() + ": "
                    + e.getMessage(), e);
        }
        try {
            return new SavedModelPredictor(folder, precision, model);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    public ModelMetadata metadata() {
        return folder.metadata();
    }

    public ModelFolder folder() {
        return folder;
    }

    /** The arithmetic this model was loaded to run in. */
    public Precision precision() {
        return precision;
    }

    /** The preprocessing this model expects, from its {@code model.json}. */
    public Preprocessor preprocessor() {
        return folder.metadata().preprocessor();
    }

    public boolean hasGradCam() {
        return gradCam != null;
    }

    @Override
    public List<Prediction> predict(List<PreparedImage> images, boolean withGradCam) {
        Objects.requireNonNull(images, "images");
        if (images.isEmpty()) {
            return List.of();
        }
        checkShapes(images);
        SignatureRunner runner = withGradCam ? requireGradCam() : serving;
        lock.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("Model " + folder.dir() + " is closed");
            }
            return runner.run(images);
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Builds the serving input tensor for {@code images} exactly as {@link #predict} does (stack the
     * pixels, copy them into a TensorFlow tensor), then frees it without running the model. Public
     * for {@code detector bench stages}, which times this copy apart from the model call.
     */
    public void copyInput(List<PreparedImage> images) {
        Objects.requireNonNull(images, "images");
        if (images.isEmpty()) {
            return;
        }
        checkShapes(images);
        lock.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("Model " + folder.dir() + " is closed");
            }
            try (NDManager manager = model.getNDManager().newSubManager()) {
                serving.input(manager, images);
            }
        } finally {
            lock.readLock().unlock();
        }
    }

    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                model.close();
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    private SignatureRunner requireGradCam() {
        if (gradCam == null) {
            throw new UnsupportedOperationException("Model " + folder.dir() + " has no '" + SignatureNames.GRADCAM
                    + "' signature: export it with a trainer that writes Grad-CAM");
        }
        return gradCam;
    }

    private void checkShapes(List<PreparedImage> images) {
        int size = folder.metadata().inputSize();
        int channels = folder.metadata().channels();
        for (int i = 0; i < images.size(); i++) {
            PreparedImage image = images.get(i);
            if (image.inputSize() != size || image.channels() != channels
                    || image.pixels().length != size * size * channels) {
                throw new IllegalArgumentException("Image " + i + " is " + image.inputSize() + "x" + image.inputSize()
                        + "x" + image.channels() + " but model " + folder.metadata().name() + " expects " + size + "x"
                        + size + "x" + channels + ": prepare it with the model's preprocessor()");
            }
        }
    }

    private void checkSignature(Map<String, SignatureDef> signatures, String key, boolean withHeatmap) {
        SignatureDef def = signatures.get(key);
        if (def == null) {
            throw new InvalidModelException("SavedModel in " + folder.dir() + " has no '" + key + "' signature; it has "
                    + signatures.keySet());
        }
        if (!def.getInputsMap().containsKey(SignatureNames.INPUT_IMAGES)) {
            throw new InvalidModelException("Signature '" + key + "' in " + folder.dir() + " has no input '"
                    + SignatureNames.INPUT_IMAGES + "'; inputs: " + def.getInputsMap().keySet());
        }
        List<String> required = new java.util.ArrayList<>(withHeatmap
                ? List.of(SignatureNames.OUTPUT_PROBABILITIES, SignatureNames.OUTPUT_BOXES, SignatureNames.OUTPUT_HEATMAP)
                : List.of(SignatureNames.OUTPUT_PROBABILITIES, SignatureNames.OUTPUT_BOXES));
        if (folder.metadata().dense()) {
            required.addAll(List.of(SignatureNames.OUTPUT_CENTRES, SignatureNames.OUTPUT_BOX_REGRESSION));
        }
        for (String output : required) {
            if (!def.getOutputsMap().containsKey(output)) {
                throw new InvalidModelException("Signature '" + key + "' in " + folder.dir() + " has no output '" + output
                        + "'; outputs: " + def.getOutputsMap().keySet());
            }
        }
    }
}
