package dev.facemask.trainer.export;

import dev.facemask.inference.SignatureNames;
import dev.facemask.trainer.model.BatchNormFolding;
import dev.facemask.trainer.model.DenseDetector;
import dev.facemask.trainer.model.DenseOutputs;
import dev.facemask.trainer.model.ModelConfig;
import dev.facemask.trainer.model.NetworkOutputs;
import dev.facemask.trainer.model.SeResNet;
import dev.facemask.trainer.model.VariableStore;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.math.Mean;
import org.tensorflow.op.core.Max;
import org.tensorflow.op.core.Stack;
import org.tensorflow.op.core.Sum;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The inference-only graph: one forward pass with batch norm on its moving averages and no
 * optimizer state, plus Grad-CAM computed in the graph.
 *
 * <p>Grad-CAM (Selvaraju et al. 2017): with A the last stage's output [N,h,w,c] and y the logit of
 * the predicted class, weights = mean over h,w of dy/dA [N,1,1,c]; cam = relu(sum_c weights * A)
 * [N,h,w], divided by its per-image maximum. The gradient is seeded with the one-hot mask of the
 * arg-max class, so argmax itself is never differentiated.
 *
 * <p>The dense head exports its maps ({@code centres}, {@code box_regression}) and, so that every
 * reader of the single-face contract keeps working, also the strongest face as
 * {@code probabilities} (the class scores at its cell) and {@code boxes}. Grad-CAM explains each of
 * the {@link #FACE_GRADCAMS} strongest centre peaks ({@code face_heatmaps}, keyed by
 * {@code face_peaks}): one gradient per face, seeded at its peak cell and class. Only the neck and
 * head lie between the last stage and the centre logits, so each costs a fraction of a forward
 * pass. {@code heatmap} is the first of them, the strongest face.
 */
final class InferenceGraph {

    /**
     * Faces per image whose Grad-CAM the dense head's {@code gradcam} signature computes. Each is a
     * backward pass through the neck and head at stride 4; four keep a Grad-CAM frame under about
     * twice the cost of a plain one on detect-small.
     */
    static final int FACE_GRADCAMS = 4;

    final Graph graph = new Graph();
    final VariableStore vars;
    final Placeholder<TFloat32> images;
    final Operand<TFloat32> probabilities;
    final Operand<TFloat32> boxes;
    final Operand<TFloat32> heatmap;
    /** Dense head only, else null. */
    final Operand<TFloat32> centres;
    /** Dense head only, else null. */
    final Operand<TFloat32> regression;
    /** Dense head only, else null: [N, k] flat peak indices, fed to explain chosen peaks. */
    final Operand<TInt32> facePeaks;
    /** Dense head only, else null: [N, k, h, w] Grad-CAM of each peak in {@link #facePeaks}. */
    final Operand<TFloat32> faceHeatmaps;
    /** The conv + batch norm pairs built as conv + bias, or null when batch norm is kept. */
    final BatchNormFolding folding;

    /** @param foldBatchNorm build conv + batch norm pairs as conv + bias ({@link BatchNormFolding}) */
    InferenceGraph(ModelConfig config, boolean foldBatchNorm) {
        Ops tf = Ops.create(graph);
        folding = foldBatchNorm ? new BatchNormFolding() : null;
        vars = new VariableStore(tf);
        images = tf.withName(SignatureNames.INPUT_IMAGES).placeholder(TFloat32.class,
                Placeholder.shape(Shape.of(-1, config.inputSize(), config.inputSize(), config.channels())));
        if (config.dense()) {
            DenseOutputs out = folding == null ? DenseDetector.forward(tf, vars, config, images, false)
                    : DenseDetector.forward(tf, vars, config, images, folding);
            centres = tf.withName(SignatureNames.OUTPUT_CENTRES).identity(out.heatmap());
            regression = tf.withName(SignatureNames.OUTPUT_BOX_REGRESSION).identity(out.regression());
            StrongestFace top = StrongestFace.of(tf, out, config.denseGridSize(), config.numClasses());
            probabilities = tf.withName(SignatureNames.OUTPUT_PROBABILITIES).identity(top.classScores());
            boxes = tf.withName(SignatureNames.OUTPUT_BOXES).identity(top.boxXywh());
            int grid = config.denseGridSize();
            int classes = config.numClasses();
            int k = Math.min(FACE_GRADCAMS, grid * grid * classes);
            // A placeholder with a default, so that the trainer can ask for the map of any peak.
            facePeaks = tf.withName(SignatureNames.OUTPUT_FACE_PEAKS).placeholderWithDefault(
                    FacePeaks.strongest(tf, out.heatmap(), grid, classes, k), Shape.of(-1, k));
            List<Operand<TFloat32>> cams = new ArrayList<>(k);
            for (int slot = 0; slot < k; slot++) {
                cams.add(gradCam(tf, "gradcam_face" + slot, out.heatmapLogits(), out.lastFeatureMap(),
                        FacePeaks.selector(tf, facePeaks, slot, grid, classes)));
            }
            faceHeatmaps = tf.withName(SignatureNames.OUTPUT_FACE_HEATMAPS).stack(cams, Stack.axis(1L));
            // The strongest peak is the arg-max that probabilities and boxes describe (ties too: both take the lowest index).
            heatmap = tf.withName(SignatureNames.OUTPUT_HEATMAP).identity(cams.get(0));
            return;
        }
        centres = null;
        regression = null;
        facePeaks = null;
        faceHeatmaps = null;
        NetworkOutputs out = folding == null ? SeResNet.forward(tf, vars, config, images, false)
                : SeResNet.forward(tf, vars, config, images, folding);
        probabilities = tf.withName(SignatureNames.OUTPUT_PROBABILITIES).identity(out.probabilities());
        boxes = tf.withName(SignatureNames.OUTPUT_BOXES).identity(out.boxes());
        Operand<TFloat32> mask = tf.oneHot(tf.math.argMax(out.logits(), tf.constant(1)),
                tf.constant(config.numClasses()), tf.constant(1f), tf.constant(0f));
        heatmap = tf.withName(SignatureNames.OUTPUT_HEATMAP).identity(gradCam(tf, "gradcam", out.logits(),
                out.lastFeatureMap(), mask));
    }

    /**
     * @param prefix name scope of the gradient ops, unique per call
     * @param logits the scores to explain
     * @param features the last backbone stage [N,h,w,c]
     * @param mask same shape as {@code logits}: 1 where the explained score is, else 0
     */
    private Operand<TFloat32> gradCam(Ops tf, String prefix, Operand<TFloat32> logits, Operand<TFloat32> features,
            Operand<TFloat32> mask) {
        Output<?>[] grads = graph.addGradients(prefix, new Output<?>[] {logits.asOutput()},
                new Output<?>[] {features.asOutput()}, new Output<?>[] {mask.asOutput()});
        @SuppressWarnings("unchecked")
        Operand<TFloat32> dFeatures = (Operand<TFloat32>) grads[0];
        Operand<TFloat32> weights = tf.math.mean(dFeatures, tf.constant(new int[] {1, 2}), Mean.keepDims(true));
        Operand<TFloat32> cam = tf.nn.relu(tf.sum(tf.math.mul(weights, features), tf.constant(3),
                Sum.keepDims(false)));
        Operand<TFloat32> peak = tf.max(cam, tf.constant(new int[] {1, 2}), Max.keepDims(true));
        // An all-zero map stays zero instead of dividing by zero.
        return tf.math.div(cam, tf.math.maximum(peak, tf.constant(1e-12f)));
    }

    /** The {@code serving_default} signature, its tensors looked up by name in {@code target}. */
    Signature servingSignature(Graph target) {
        return withMaps(target, Signature.builder().key(SignatureNames.SERVING)
                .input(SignatureNames.INPUT_IMAGES, in(target, images))
                .output(SignatureNames.OUTPUT_PROBABILITIES, in(target, probabilities))
                .output(SignatureNames.OUTPUT_BOXES, in(target, boxes))).build();
    }

    /**
     * The {@code gradcam} signature, its tensors looked up by name in {@code target}: this graph,
     * or a copy of it such as {@link FrozenGraph}'s.
     */
    Signature gradCamSignature(Graph target) {
        return withFaceHeatmaps(target, withMaps(target, Signature.builder().key(SignatureNames.GRADCAM)
                .input(SignatureNames.INPUT_IMAGES, in(target, images))
                .output(SignatureNames.OUTPUT_HEATMAP, in(target, heatmap))
                .output(SignatureNames.OUTPUT_PROBABILITIES, in(target, probabilities))
                .output(SignatureNames.OUTPUT_BOXES, in(target, boxes)))).build();
    }

    private Signature.Builder withFaceHeatmaps(Graph target, Signature.Builder b) {
        return faceHeatmaps == null ? b
                : b.output(SignatureNames.OUTPUT_FACE_HEATMAPS, in(target, faceHeatmaps))
                        .output(SignatureNames.OUTPUT_FACE_PEAKS, in(target, facePeaks));
    }

    private Signature.Builder withMaps(Graph target, Signature.Builder b) {
        return centres == null ? b
                : b.output(SignatureNames.OUTPUT_CENTRES, in(target, centres))
                        .output(SignatureNames.OUTPUT_BOX_REGRESSION, in(target, regression));
    }

    /** The tensor of {@code target} with the name {@code operand} has in this graph. */
    private Operand<?> in(Graph target, Operand<?> operand) {
        if (target == graph) {
            return operand;
        }
        Output<?> output = operand.asOutput();
        return target.outputOrThrow(output.op().name() + ":" + output.index());
    }
}
