package dev.facemask.trainer.export;

import dev.facemask.trainer.fit.DenseOutputsBatch;
import dev.facemask.inference.SignatureNames;
import dev.facemask.trainer.model.BatchNormFolding;
import dev.facemask.trainer.model.ModelConfig;
import dev.facemask.trainer.model.ModelWeights;
import dev.facemask.trainer.model.Predictions;
import dev.facemask.trainer.model.TensorArrays;
import dev.facemask.trainer.model.VariableStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Trained weights in the lean inference graph, runnable from Java and exportable as a SavedModel.
 *
 * <pre>{@code
 * try (InferenceModel model = InferenceModel.create(config, session.modelWeights())) {
 *     GradCamOutputs r = model.gradCam(pixels, n);
 *     model.exportSavedModel(dir, true);
 * }
 * }</pre>
 */
public final class InferenceModel implements AutoCloseable {

    private final ModelConfig config;
    private final InferenceGraph graph;
    private final Session session;

    private InferenceModel(ModelConfig config, InferenceGraph graph, Session session) {
        this.config = config;
        this.graph = graph;
        this.session = session;
    }

    /**
     * Builds the inference graph for {@code config} and copies {@code weights} in. Optimizer slots
     * in {@code weights} are ignored; every model variable must be present.
     */
    public static InferenceModel create(ModelConfig config, ModelWeights weights) {
        return create(config, weights, false);
    }

    /**
     * As {@link #create}, with every conv + batch norm pair folded into a convolution and a bias
     * ({@link BatchNormFolding}): the same outputs within float rounding, and a graph that
     * Grappler fuses into {@code _FusedConv2D} kernels. This is the graph {@link ModelExporter} exports.
     */
    public static InferenceModel createFolded(ModelConfig config, ModelWeights weights) {
        return create(config, weights, true);
    }

    private static InferenceModel create(ModelConfig config, ModelWeights trained, boolean foldBatchNorm) {
        Objects.requireNonNull(trained, "weights");
        InferenceGraph graph = new InferenceGraph(Objects.requireNonNull(config, "config"), foldBatchNorm);
        Session session = new Session(graph.graph);
        try {
            ModelWeights weights = graph.folding == null ? trained : graph.folding.fold(trained);
            List<String> needed = graph.vars.specs().stream().map(VariableStore.Spec::name).toList();
            graph.vars.load(session, weights.filter(needed::contains));
            for (String name : needed) {
                weights.get(name);  // throws naming the first missing variable
            }
            return new InferenceModel(config, graph, session);
        } catch (RuntimeException e) {
            session.close();
            graph.graph.close();
            throw e;
        }
    }

    public ModelConfig config() {
        return config;
    }

    /** Probabilities and boxes, as the {@code serving_default} signature computes them. */
    public Predictions predict(float[] pixels, int n) {
        try (TFloat32 in = input(pixels, n);
                Result r = session.runner().feed(graph.images, in).fetch(graph.probabilities).fetch(graph.boxes)
                        .run()) {
            return new Predictions(TensorArrays.rows(r.get(0)), TensorArrays.rows(r.get(1)));
        }
    }

    /** Probabilities, boxes and Grad-CAM heatmaps, as the {@code gradcam} signature computes them. */
    public GradCamOutputs gradCam(float[] pixels, int n) {
        try (TFloat32 in = input(pixels, n);
                Result r = session.runner().feed(graph.images, in).fetch(graph.probabilities).fetch(graph.boxes)
                        .fetch(graph.heatmap).run()) {
            return new GradCamOutputs(new Predictions(TensorArrays.rows(r.get(0)), TensorArrays.rows(r.get(1))),
                    heatmaps(r.get(2)));
        }
    }

    /**
     * The dense head's centre and box maps, as the {@code centres} and {@code box_regression}
     * outputs compute them.
     *
     * @throws IllegalStateException when the model has the single-face head
     */
    public DenseOutputsBatch denseMaps(float[] pixels, int n) {
        if (graph.centres == null) {
            throw new IllegalStateException(config.preset().id() + " has no dense head");
        }
        try (TFloat32 in = input(pixels, n);
                Result r = session.runner().feed(graph.images, in).fetch(graph.centres).fetch(graph.regression).run()) {
            return new DenseOutputsBatch(TensorArrays.values(r.get(0)), TensorArrays.values(r.get(1)), n,
                    config.denseGridSize(), config.numClasses());
        }
    }

    /**
     * Grad-CAM of chosen centre peaks, as the {@code gradcam} signature computes the strongest
     * peaks' {@code face_heatmaps}.
     *
     * @param peaks {@code n * k} flat peak indices ({@code cell * classes + class}), k per image,
     *     k = {@link #faceGradCams()}
     * @return [n][k][h * w] maps in 0..1
     * @throws IllegalStateException when the model has the single-face head
     */
    public float[][][] faceGradCams(float[] pixels, int n, int[] peaks) {
        if (graph.facePeaks == null) {
            throw new IllegalStateException(config.preset().id() + " has no dense head");
        }
        int k = faceGradCams();
        if (peaks.length != n * k) {
            throw new IllegalArgumentException("Expected " + k + " peaks per image for " + n + " images, got "
                    + peaks.length);
        }
        try (TFloat32 in = input(pixels, n);
                TInt32 chosen = TInt32.tensorOf(Shape.of(n, k), DataBuffers.of(peaks, true, false));
                Result r = session.runner().feed(graph.images, in).feed(graph.facePeaks, chosen)
                        .fetch(graph.faceHeatmaps).run()) {
            float[] flat = TensorArrays.values(r.get(0));
            int cells = flat.length / (n * k);
            float[][][] out = new float[n][k][cells];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < k; j++) {
                    System.arraycopy(flat, (i * k + j) * cells, out[i][j], 0, cells);
                }
            }
            return out;
        }
    }

    /** Faces per image that the dense head's {@code gradcam} signature explains. */
    public int faceGradCams() {
        int grid = config.denseGridSize();
        return Math.min(InferenceGraph.FACE_GRADCAMS, grid * grid * config.numClasses());
    }

    /** Side of the heatmap grid (the last feature map). */
    public int heatmapSize() {
        return config.featureMapSize();
    }

    /**
     * Writes the SavedModel (tag {@code serve}; signatures {@code serving_default} and
     * {@code gradcam}) into {@code dir}.
     *
     * @param freezeWeights write the weights as constants in {@code saved_model.pb} ({@link FrozenGraph}:
     *     faster small batches), else as variables in {@code variables/}, as exports were before
     */
    public void exportSavedModel(Path dir, boolean freezeWeights) throws IOException {
        if (!freezeWeights) {
            export(dir, session, graph.graph);
            return;
        }
        List<String> variables = graph.vars.specs().stream().map(VariableStore.Spec::name).toList();
        try (Graph frozen = FrozenGraph.freeze(graph.graph, session, variables);
                Session frozenSession = new Session(frozen)) {
            export(dir, frozenSession, frozen);
        }
    }

    private void export(Path dir, Session from, Graph target) throws IOException {
        SavedModelBundle.exporter(dir.toString()).withTags(SignatureNames.TAG).withSession(from)
                .withSignatures(graph.servingSignature(target), graph.gradCamSignature(target)).export();
    }

    private TFloat32 input(float[] pixels, int n) {
        int side = config.inputSize();
        int per = side * side * config.channels();
        if (n < 1 || pixels.length != n * per) {
            throw new IllegalArgumentException("Expected " + n + " images of " + side + "x" + side + "x"
                    + config.channels() + " = " + per + " floats each, got " + pixels.length + " floats");
        }
        return TensorArrays.floats(pixels, n, side, side, config.channels());
    }

    /** [N,h,w] tensor to arrays. */
    static float[][][] heatmaps(Tensor t) {
        float[] flat = TensorArrays.values(t);
        int n = (int) t.shape().get(0);
        int h = (int) t.shape().get(1);
        int w = (int) t.shape().get(2);
        float[][][] out = new float[n][h][w];
        for (int i = 0; i < n; i++) {
            for (int y = 0; y < h; y++) {
                System.arraycopy(flat, (i * h + y) * w, out[i][y], 0, w);
            }
        }
        return out;
    }

    @Override
    public void close() {
        session.close();
        graph.graph.close();
    }
}
