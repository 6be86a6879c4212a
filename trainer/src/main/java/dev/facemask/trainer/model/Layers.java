package dev.facemask.trainer.model;

import dev.facemask.trainer.model.VariableStore.Init;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.nn.FusedBatchNorm;
import org.tensorflow.op.math.Mean;
import org.tensorflow.types.TFloat32;

/**
 * Builds the network's layers in one mode: training (batch norm on batch statistics, plus ops that
 * update the moving averages) or inference (batch norm on the moving averages). All tensors are
 * NHWC float32.
 */
public final class Layers {

    /** Keras' BatchNormalization defaults. */
    static final float BN_MOMENTUM = 0.99f;
    /**
     * The dense head's moving-average momentum, PyTorch's default (0.1 there) as CenterNet trains
     * with: at 0.99 the inference-mode statistics still weigh their initial values by 43% after
     * 84 steps, and a short run's validation maps were noise (mAP 0 while training loss fell).
     */
    static final float DENSE_BN_MOMENTUM = 0.9f;

    /**
     * Name of the scalar that holds the moving averages' momentum in a training graph. Feeding
     * {@code k / (k + 1)} on the k-th of a run of batches turns the averages into the exact mean of
     * those batches' statistics: batch-norm recalibration ("precise BN").
     */
    public static final String MOMENTUM_INPUT = "bn_momentum";
    static final float BN_EPSILON = 1e-3f;

    /**
     * Suffix of the bias that replaces a batch norm folded into the convolution before it: the
     * batch norm {@code stem_bn} becomes {@code stem_bn_folded_bias}.
     */
    public static final String FOLDED_BIAS_SUFFIX = "_folded_bias";

    private final Ops tf;
    private final VariableStore vars;
    private final boolean training;
    /** Inference only, else null: conv + batch norm pairs become conv + bias and are listed here. */
    private BatchNormFolding folding;
    private final float momentum;
    /** The momentum as a graph input, fed only to recalibrate ({@link #MOMENTUM_INPUT}); training mode only. */
    private Operand<TFloat32> momentumInput;
    private final List<Op> movingAverageUpdates = new ArrayList<>();
    private final List<LayerInfo> layers = new ArrayList<>();

    Layers(Ops tf, VariableStore vars, boolean training) {
        this(tf, vars, training, BN_MOMENTUM);
    }

    /** @param momentum weight of the old value in the batch-norm moving averages */
    Layers(Ops tf, VariableStore vars, boolean training, float momentum) {
        this.tf = tf;
        this.vars = vars;
        this.training = training;
        this.momentum = momentum;
    }

    /**
     * Builds every conv + batch norm pair as a convolution and a bias: the graph Grappler fuses
     * into one {@code _FusedConv2D} with the ReLU after it. Inference mode only.
     */
    Layers foldingInto(BatchNormFolding folding) {
        if (training) {
            throw new IllegalStateException("Batch norm can be folded only in an inference graph");
        }
        this.folding = folding;
        return this;
    }

    List<Op> movingAverageUpdates() {
        return movingAverageUpdates;
    }

    List<LayerInfo> layers() {
        return layers;
    }

    /** A bias-free k x k convolution with SAME padding, as ResNet puts before batch norm. */
    Feature conv(String name, Feature x, int outChannels, int kernel, int stride) {
        int fanIn = kernel * kernel * x.channels();
        Variable<TFloat32> w = vars.variable(name + "_w", new long[] {kernel, kernel, x.channels(), outChannels},
                Init.HE_NORMAL, fanIn, kernel * kernel * outChannels, true);
        // x: [N, s, s, c_in], w: [k, k, c_in, c_out], y: [N, ceil(s/stride), ceil(s/stride), c_out]
        Operand<TFloat32> y = tf.nn.conv2d(x.value(), w, List.of(1L, (long) stride, (long) stride, 1L), "SAME");
        int size = ModelConfig.ceilDiv(x.size(), stride);
        record(name, "conv" + kernel + "x" + kernel + "/" + stride, size + "x" + size + "x" + outChannels,
                (long) fanIn * outChannels, (long) size * size * fanIn * outChannels);
        return new Feature(y, size, outChannels);
    }

    /**
     * A bias-free convolution then batch norm, or, when folding, the convolution (its weights
     * scaled by the batch norm) plus a bias. Same variable name for the weights either way.
     */
    Feature convBatchNorm(String convName, String bnName, Feature x, int outChannels, int kernel, int stride) {
        Feature y = conv(convName, x, outChannels, kernel, stride);
        if (folding == null) {
            return batchNorm(bnName, y);
        }
        String bias = bnName + FOLDED_BIAS_SUFFIX;
        Variable<TFloat32> b = vars.variable(bias, new long[] {outChannels}, Init.ZEROS, 0, 0, false);
        folding.add(new BatchNormFolding.Pair(convName + "_w", bnName, bias));
        record(bnName, "batchnorm", y.shapeText(), 4L * outChannels, 0);
        return new Feature(tf.nn.biasAdd(y.value(), b), y.size(), outChannels);
    }

    /** A 1x1 convolution with bias and no batch norm after it: the dense head's output layers. */
    Feature conv1x1WithBias(String name, Feature x, int outChannels) {
        Feature y = conv(name, x, outChannels, 1, 1);
        Variable<TFloat32> b = vars.variable(name + "_b", new long[] {outChannels}, Init.ZEROS, 0, 0, true); // [c_out]
        return new Feature(tf.nn.biasAdd(y.value(), b), y.size(), y.channels()); // [N, s, s, c_out]
    }

    /** FusedBatchNormV3 over the channel axis; in training mode also queues the moving-average updates. */
    Feature batchNorm(String name, Feature x) {
        // x and y: [N, s, s, c]; gamma, beta, moving mean and variance: [c]
        long[] c = {x.channels()};
        Variable<TFloat32> gamma = vars.variable(name + "_gamma", c, Init.ONES, 0, 0, true);
        Variable<TFloat32> beta = vars.variable(name + "_beta", c, Init.ZEROS, 0, 0, true);
        Variable<TFloat32> movingMean = vars.variable(name + "_moving_mean", c, Init.ZEROS, 0, 0, false);
        Variable<TFloat32> movingVar = vars.variable(name + "_moving_variance", c, Init.ONES, 0, 0, false);
        record(name, "batchnorm", x.shapeText(), 4L * x.channels(), 0);
        if (!training) {
            FusedBatchNorm<TFloat32, TFloat32> bn = tf.nn.fusedBatchNorm(x.value(), gamma, beta, movingMean, movingVar,
                    FusedBatchNorm.isTraining(false), FusedBatchNorm.epsilon(BN_EPSILON));
            return new Feature(bn.y(), x.size(), x.channels());
        }
        // Training mode ignores the mean/variance inputs; pass empty vectors as TensorFlow's Python API does.
        Operand<TFloat32> empty = tf.constant(new float[0]);
        FusedBatchNorm<TFloat32, TFloat32> bn = tf.nn.fusedBatchNorm(x.value(), gamma, beta, empty, empty,
                FusedBatchNorm.isTraining(true), FusedBatchNorm.epsilon(BN_EPSILON));
        movingAverageUpdates.add(movingAverage(movingMean, bn.batchMean()));
        // batchVariance is the unbiased (n-1) estimate, the one meant for the moving average.
        movingAverageUpdates.add(movingAverage(movingVar, bn.batchVariance()));
        return new Feature(bn.y(), x.size(), x.channels());
    }

    /** Batch norm of a [N, c] tensor (as [N,1,1,c], FusedBatchNormV3 wants 4-D), back to [N, c]. */
    Operand<TFloat32> batchNorm(String name, Operand<TFloat32> x, int channels) {
        Feature as4d = new Feature(tf.reshape(x, tf.constant(new int[] {-1, 1, 1, channels})), 1, channels);
        return tf.reshape(batchNorm(name, as4d).value(), tf.constant(new int[] {-1, channels}));
    }

    private Op movingAverage(Variable<TFloat32> average, Operand<TFloat32> batchValue) {
        if (momentumInput == null) {
            momentumInput = tf.withName(MOMENTUM_INPUT).placeholderWithDefault(tf.constant(momentum), Shape.scalar());
        }
        Operand<TFloat32> kept = tf.math.mul(average, momentumInput);
        Operand<TFloat32> added = tf.math.mul(batchValue, tf.math.sub(tf.constant(1f), momentumInput));
        return tf.assign(average, tf.math.add(kept, added));
    }

    Feature relu(Feature x) {
        return new Feature(tf.nn.relu(x.value()), x.size(), x.channels());
    }

    /** Global average pooling: [N,h,w,c] to [N,c]. */
    Operand<TFloat32> globalAveragePool(Feature x) {
        return tf.math.mean(x.value(), tf.constant(new int[] {1, 2}), Mean.keepDims(false));
    }

    /** Fully connected layer on [N,in]: x W + b, Glorot-uniform W. */
    Operand<TFloat32> dense(String name, Operand<TFloat32> x, int in, int out) {
        // [in, out]
        Variable<TFloat32> w = vars.variable(name + "_w", new long[] {in, out}, Init.GLOROT_UNIFORM, in, out, true);
        // [out]
        Variable<TFloat32> b = vars.variable(name + "_b", new long[] {out}, Init.ZEROS, 0, 0, true);
        record(name, "dense", String.valueOf(out), (long) in * out + out, (long) in * out);
        return tf.nn.biasAdd(tf.linalg.matMul(x, w), b); // [N, out]
    }

    /**
     * Squeeze-and-excitation (Hu et al. 2018): pool to [N,c], dense c/r + ReLU, dense c + sigmoid,
     * then scale each channel of x by its gate (broadcast as [N,1,1,c]).
     */
    Feature squeezeExcite(String name, Feature x, int reduction) {
        int c = x.channels();
        int hidden = Math.max(1, c / reduction);
        Operand<TFloat32> squeezed = globalAveragePool(x);                                   // [N, c]
        Operand<TFloat32> h = tf.nn.relu(dense(name + "_squeeze", squeezed, c, hidden));    // [N, c/r]
        Operand<TFloat32> gate = tf.math.sigmoid(dense(name + "_excite", h, hidden, c));    // [N, c] in 0..1
        Operand<TFloat32> gate4d = tf.reshape(gate, tf.constant(new int[] {-1, 1, 1, c})); // [N, 1, 1, c]
        return new Feature(tf.math.mul(x.value(), gate4d), x.size(), c);                    // [N, s, s, c]
    }

    Feature add(Feature a, Feature b) {
        return new Feature(tf.math.add(a.value(), b.value()), a.size(), a.channels());
    }

    /**
     * Nearest-neighbour 2x upsampling, [N,s,s,c] to [N,2s,2s,c], built from a reshape and a broadcast
     * multiply: TensorFlow's C++ gradient registry has gradients for both, not for the resize ops.
     */
    Feature upsample2x(Feature x) {
        int s = x.size();
        int c = x.channels();
        // [N, s, 1, s, 1, c]
        Operand<TFloat32> spread = tf.reshape(x.value(), tf.constant(new int[] {-1, s, 1, s, 1, c}));
        // [1, 1, 2, 1, 2, 1]
        Operand<TFloat32> ones = tf.fill(tf.constant(new int[] {1, 1, 2, 1, 2, 1}), tf.constant(1f));
        // [N, s, 2, s, 2, c]
        Operand<TFloat32> tiled = tf.math.mul(spread, ones);
        return new Feature(tf.reshape(tiled, tf.constant(new int[] {-1, 2 * s, 2 * s, c})), 2 * s, c);
    }

    /** Adds a constant to every element: a fixed prior on top of a learned, zero-initialised bias. */
    Feature shift(Feature x, float value) {
        return new Feature(tf.math.add(x.value(), tf.constant(value)), x.size(), x.channels());
    }

    Feature maxPool3x3Stride2(String name, Feature x) {
        // [N, s, s, c] to [N, ceil(s/2), ceil(s/2), c]
        Operand<TFloat32> y = tf.nn.maxPool(x.value(), tf.constant(new int[] {1, 3, 3, 1}),
                tf.constant(new int[] {1, 2, 2, 1}), "SAME");
        int size = ModelConfig.ceilDiv(x.size(), 2);
        record(name, "maxpool3x3/2", size + "x" + size + "x" + x.channels(), 0, 0);
        return new Feature(y, size, x.channels());
    }

    private void record(String name, String type, String shape, long params, long macs) {
        layers.add(new LayerInfo(name, type, shape, params, macs));
    }
}
