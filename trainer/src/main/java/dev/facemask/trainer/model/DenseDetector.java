package dev.facemask.trainer.model;

import java.util.List;
import java.util.Objects;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Builds the dense, anchor-free multi-face detector (in the style of CenterNet, Zhou et al. 2019)
 * on the SE-ResNet backbone.
 *
 * <pre>{@code
 * DenseOutputs out = DenseDetector.forward(tf, vars, config, images, false);  // inference mode
 * }</pre>
 *
 * <p>Neck: a feature pyramid's top-down path (Lin et al. 2017) from the last stage to stride 4:
 * every stage gets a 1x1 lateral convolution to {@code neckChannels}, and the deeper sum is
 * upsampled 2x and added. Head: one shared 3x3 convolution, then 1x1 convolutions to the centre
 * scores ({@link CentreHead}: per-class logits, or one face logit and class logits) and to the four
 * box values; an objectness head may read its class logits from a 3x3 branch of its own instead
 * ({@link ModelConfig#classBranchChannels}). Stride 4 keeps a 12 px face at 3 cells.
 */
public final class DenseDetector {

    /**
     * Initial centre probability of every cell, as CenterNet and RetinaNet start their focal loss:
     * with nearly every cell a background cell, a 0.5 start would flood the first steps with
     * negative gradient. The logit is log(0.1 / 0.9).
     */
    static final float HEATMAP_PRIOR_LOGIT = (float) Math.log(0.1 / 0.9);

    private DenseDetector() {}

    /**
     * Adds one forward pass; calling it twice on one {@link VariableStore} shares every weight.
     *
     * @param images [N, inputSize, inputSize, channels] floats in 0..1
     * @param training batch norm on batch statistics (and moving-average updates) instead of moving averages
     */
    public static DenseOutputs forward(Ops tf, VariableStore vars, ModelConfig config, Operand<TFloat32> images,
            boolean training) {
        Objects.requireNonNull(config, "config");
        if (!config.dense()) {
            throw new IllegalArgumentException(config.preset().id() + " has no dense head; use a detect-* preset");
        }
        return forward(tf, new Layers(tf, vars, training, Layers.DENSE_BN_MOMENTUM), config, images);
    }

    /**
     * Adds an inference-mode forward pass with every conv + batch norm pair built as a convolution
     * and a bias; {@code folding} lists the pairs and turns trained weights into the ones it takes.
     */
    public static DenseOutputs forward(Ops tf, VariableStore vars, ModelConfig config, Operand<TFloat32> images,
            BatchNormFolding folding) {
        Objects.requireNonNull(config, "config");
        if (!config.dense()) {
            throw new IllegalArgumentException(config.preset().id() + " has no dense head; use a detect-* preset");
        }
        Layers l = new Layers(tf, vars, false, Layers.DENSE_BN_MOMENTUM).foldingInto(Objects.requireNonNull(folding, "folding"));
        return forward(tf, l, config, images);
    }

    private static DenseOutputs forward(Ops tf, Layers l, ModelConfig config, Operand<TFloat32> images) {
        // images: [N, S, S, channels]; g = S / 4, the output grid
        // k stages: [N, S/4, S/4, c_1] ... [N, S/2^(k+1), S/2^(k+1), c_k]
        List<Feature> stages = SeResNet.backbone(l, config, images);
        Feature pyramid = topDown(l, stages, config.neckChannels());  // [N, g, g, neck]
        // [N, g, g, neck]
        Feature trunk = l.relu(l.convBatchNorm("head_conv", "head_bn", pyramid, config.neckChannels(), 3, 1));
        Operand<TFloat32> lastStage = stages.get(stages.size() - 1).value();
        if (config.centreHead() == CentreHead.OBJECTNESS) {
            // [N, g, g, 1] and [N, g, g, classes]
            Feature face = l.shift(l.conv1x1WithBias("objectness_out", trunk, 1), HEATMAP_PRIOR_LOGIT);
            // Its own branch lets the class features differ from the ones that find faces, which should
            // not care whether a face is masked; CenterNet gives every output its own 3x3 branch.
            Feature classTrunk = config.classBranchChannels() == 0 ? trunk
                    : l.relu(l.convBatchNorm("class_conv", "class_bn", pyramid, config.classBranchChannels(), 3, 1));
            Feature classes = l.conv1x1WithBias("class_out", classTrunk, config.numClasses());
            Feature regression = l.conv1x1WithBias("box_out", trunk, 4); // [N, g, g, 4]
            // log(sigmoid(o) * softmax(z)) = logSigmoid(o) + logSoftmax(z), [N, g, g, classes]
            Operand<TFloat32> logScore = tf.math.add(logSigmoid(tf, face.value()), logSoftmax(tf, classes.value(), config.numClasses()));
            return new DenseOutputs(logScore, tf.math.exp(logScore), face.value(), classes.value(), regression.value(),
                    lastStage, List.copyOf(l.movingAverageUpdates()), List.copyOf(l.layers()));
        }
        // [N, g, g, classes]
        Feature logits = l.shift(l.conv1x1WithBias("heatmap_out", trunk, config.numClasses()), HEATMAP_PRIOR_LOGIT);
        Feature regression = l.conv1x1WithBias("box_out", trunk, 4); // [N, g, g, 4]
        return new DenseOutputs(logits.value(), tf.math.sigmoid(logits.value()), null, null, regression.value(),
                lastStage, List.copyOf(l.movingAverageUpdates()), List.copyOf(l.layers()));
    }

    /** log(sigmoid(x)) = min(x, 0) - log(1 + exp(-|x|)), finite for any x; same shape as x. */
    public static Operand<TFloat32> logSigmoid(Ops tf, Operand<TFloat32> x) {
        return tf.math.sub(tf.math.minimum(x, tf.constant(0f)), tf.math.log1p(tf.math.exp(tf.math.neg(tf.math.abs(x)))));
    }

    /**
     * Log-softmax over the last axis of [N, g, g, c]. Flattened to [N * g * g, c] first: TensorFlow's
     * C++ gradient of LogSoftmax sums over axis 1, which is the class axis only in two dimensions.
     */
    public static Operand<TFloat32> logSoftmax(Ops tf, Operand<TFloat32> x, int classes) {
        Operand<TFloat32> flat = tf.nn.logSoftmax(tf.reshape(x, tf.constant(new int[] {-1, classes})));
        return tf.reshape(flat, tf.shape(x));
    }

    /** P = lateral(C_last); then for each shallower stage: P = upsample(P) + lateral(C_i). Ends at stride 4. */
    private static Feature topDown(Layers l, List<Feature> stages, int channels) {
        int last = stages.size() - 1;
        Feature p = lateral(l, last, stages.get(last), channels); // [N, s, s, channels], s the deepest stage's side
        for (int i = last - 1; i >= 0; i--) {
            p = l.add(l.upsample2x(p), lateral(l, i, stages.get(i), channels)); // [N, 2s, 2s, channels]
        }
        return p;
    }

    private static Feature lateral(Layers l, int stage, Feature c, int channels) {
        String name = "neck_lateral" + (stage + 1);
        return l.convBatchNorm(name, name + "_bn", c, channels, 1, 1);
    }
}
