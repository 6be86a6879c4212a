package dev.facemask.inference.testkit;

import dev.facemask.inference.Prediction;
import dev.facemask.inference.SignatureNames;
import dev.facemask.inference.TensorFlowNatives;
import dev.facemask.vision.model.ModelMetadata;
import dev.facemask.vision.preprocess.PreparedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Max;
import org.tensorflow.op.core.Min;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * A tiny SavedModel with the exact signatures of {@link SignatureNames}, built with the TF-Java
 * graph API so inference can be tested without the trainer. Weights are plain variables seeded
 * from a fixed seed.
 *
 * <ul>
 *   <li>probabilities = softmax(mean_hw(images) x W1 + b1), float32 [N, classes]
 *   <li>boxes = sigmoid(mean_hw(images) x W2 + b2), float32 [N, 4]
 *   <li>heatmap = min-max normalised average pool of the channel mean, float32 [N, h, h]
 * </ul>
 *
 * <p>The builder's session stays open, so tests compare a loader's outputs with this session's.
 */
public final class ToySavedModel implements AutoCloseable {

    public static final List<String> CLASSES = List.of("masked", "unmasked");

    private final int inputSize;
    private final int channels;
    private final int heatmapSize;
    private final Graph graph;
    private final Session session;
    private final Placeholder<TFloat32> images;
    private final Operand<TFloat32> probabilities;
    private final Operand<TFloat32> boxes;
    private final Operand<TFloat32> heatmap;

    /**
     * @param inputSize side of the square input; a multiple of {@code heatmapSize}
     * @param channels 1 or 3
     * @param heatmapSize side of the heatmap grid
     */
    public ToySavedModel(int inputSize, int channels, int heatmapSize, long seed) {
        if (inputSize % heatmapSize != 0) {
            throw new IllegalArgumentException("inputSize " + inputSize + " must be a multiple of " + heatmapSize);
        }
        TensorFlowNatives.ensureLoaded();
        this.inputSize = inputSize;
        this.channels = channels;
        this.heatmapSize = heatmapSize;
        this.graph = new Graph();
        Ops tf = Ops.create(graph);
        Random random = new Random(seed);
        images = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, inputSize, inputSize, channels)));
        Operand<TFloat32> pooled = tf.math.mean(images, tf.constant(new int[] {1, 2})); // [N, C]
        int k = CLASSES.size();
        Operand<TFloat32> logits = tf.math.add(
                tf.linalg.matMul(pooled, tf.variable(tf.constant(weights(random, channels, k, 8f)))),
                tf.variable(tf.constant(vector(random, k, 1f))));
        probabilities = tf.nn.softmax(logits);
        boxes = tf.math.sigmoid(tf.math.add(
                tf.linalg.matMul(pooled, tf.variable(tf.constant(weights(random, channels, 4, 4f)))),
                tf.variable(tf.constant(vector(random, 4, 1f)))));
        heatmap = heatmap(tf);
        session = new Session(graph);
        session.initialize();
    }

    private Operand<TFloat32> heatmap(Ops tf) {
        long cell = inputSize / heatmapSize;
        Operand<TFloat32> gray = tf.math.mean(images, tf.constant(new int[] {3}),
                org.tensorflow.op.math.Mean.keepDims(true)); // [N, S, S, 1]
        Operand<TFloat32> grid = tf.nn.avgPool(gray, List.of(1L, cell, cell, 1L), List.of(1L, cell, cell, 1L), "VALID");
        Operand<TFloat32> flat = tf.reshape(grid, tf.constant(new int[] {-1, heatmapSize, heatmapSize}));
        Operand<TFloat32> lo = tf.min(flat, tf.constant(new int[] {1, 2}), Min.keepDims(true));
        Operand<TFloat32> hi = tf.max(flat, tf.constant(new int[] {1, 2}), Max.keepDims(true));
        return tf.math.div(tf.math.sub(flat, lo), tf.math.add(tf.math.sub(hi, lo), tf.constant(1e-6f)));
    }

    /** Exports both signatures and a matching {@code model.json} into {@code dir}. */
    public ModelMetadata export(Path dir) throws IOException {
        return export(dir, List.of(SignatureNames.SERVING, SignatureNames.GRADCAM));
    }

    /**
     * Exports only the named signatures (of {@code serving_default} and {@code gradcam}), to test
     * loaders against incomplete models.
     */
    public ModelMetadata export(Path dir, List<String> signatureKeys) throws IOException {
        Signature serving = Signature.builder().key(SignatureNames.SERVING)
                .input(SignatureNames.INPUT_IMAGES, images)
                .output(SignatureNames.OUTPUT_PROBABILITIES, probabilities)
                .output(SignatureNames.OUTPUT_BOXES, boxes)
                .build();
        Signature gradCam = Signature.builder().key(SignatureNames.GRADCAM)
                .input(SignatureNames.INPUT_IMAGES, images)
                .output(SignatureNames.OUTPUT_PROBABILITIES, probabilities)
                .output(SignatureNames.OUTPUT_BOXES, boxes)
                .output(SignatureNames.OUTPUT_HEATMAP, heatmap)
                .build();
        List<Signature> chosen = new ArrayList<>();
        for (Signature signature : List.of(serving, gradCam)) {
            if (signatureKeys.contains(signature.key())) {
                chosen.add(signature);
            }
        }
        SavedModelBundle.exporter(dir.toString())
                .withTags(SignatureNames.TAG)
                .withSession(session)
                .withSignatures(chosen.toArray(new Signature[0]))
                .export();
        ModelMetadata metadata = metadata();
        metadata.write(dir);
        return metadata;
    }

    /** The {@code model.json} this toy model is exported with. */
    public ModelMetadata metadata() {
        return new ModelMetadata("toy", "0.0.1", "toy", CLASSES, inputSize, channels, ModelMetadata.PREPROCESSING,
                ModelMetadata.BOX_FORMAT, heatmapSize, Map.of(), "none", "1970-01-01T00:00:00Z", "test");
    }

    /** Runs this builder's own session on a batch: the reference outputs. */
    public List<Prediction> run(List<PreparedImage> batch, boolean withGradCam) {
        int n = batch.size();
        float[] stacked = new float[n * inputSize * inputSize * channels];
        for (int i = 0; i < n; i++) {
            float[] px = batch.get(i).pixels();
            System.arraycopy(px, 0, stacked, i * px.length, px.length);
        }
        try (TFloat32 input = TFloat32.tensorOf(Shape.of(n, inputSize, inputSize, channels), DataBuffers.of(stacked));
                Result result = session.runner().feed(images, input)
                        .fetch(probabilities).fetch(boxes).fetch(heatmap).run()) {
            float[] p = floats((TFloat32) result.get(0));
            float[] b = floats((TFloat32) result.get(1));
            float[] h = floats((TFloat32) result.get(2));
            int k = p.length / n;
            int cells = heatmapSize * heatmapSize;
            List<Prediction> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                out.add(new Prediction(Arrays.copyOfRange(p, i * k, (i + 1) * k), Arrays.copyOfRange(b, i * 4, i * 4 + 4),
                        withGradCam ? Arrays.copyOfRange(h, i * cells, (i + 1) * cells) : null,
                        withGradCam ? heatmapSize : 0));
            }
            return out;
        }
    }

    private static float[] floats(TFloat32 tensor) {
        float[] out = new float[(int) tensor.size()];
        tensor.copyTo(DataBuffers.of(out, false, false));
        return out;
    }

    private static float[][] weights(Random random, int rows, int cols, float scale) {
        float[][] w = new float[rows][cols];
        for (float[] row : w) {
            for (int j = 0; j < cols; j++) {
                row[j] = (random.nextFloat() * 2 - 1) * scale;
            }
        }
        return w;
    }

    private static float[] vector(Random random, int n, float scale) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (random.nextFloat() * 2 - 1) * scale;
        }
        return v;
    }

    @Override
    public void close() {
        session.close();
        graph.close();
    }
}
