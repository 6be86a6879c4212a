package dev.facemask.trainer.model;

import java.util.List;
import java.util.Objects;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Builds the two-head SE-ResNet forward pass into a graph.
 *
 * <pre>{@code
 * NetworkOutputs out = SeResNet.forward(tf, vars, config, images, false);  // inference mode
 * }</pre>
 *
 * <p>Backbone: stem, then bottleneck stages (1x1 reduce, 3x3 with the stage's stride, 1x1 expand,
 * each with batch norm; squeeze-and-excitation; projection shortcut where shape changes; ReLU after
 * the sum). Classifier: global average pool, dense, softmax. Box head ({@link BoxHead}): spatial
 * (1x1 conv + BN + ReLU keeps the layout at few channels, flatten, dense + BN + ReLU, dense to 4)
 * or pooled (global average pool, dense to 4), then batch norm and sigmoid; or centroid (a soft-argmax
 * over the cells for the centre, the size from the features pooled there).
 */
public final class SeResNet {

    private SeResNet() {}

    /**
     * Adds one forward pass. Calling it twice on the same {@link VariableStore} (say, training
     * and inference mode) shares every weight.
     *
     * @param images [N, inputSize, inputSize, channels] floats in 0..1
     * @param training batch norm on batch statistics (and moving-average updates) instead of moving averages
     */
    public static NetworkOutputs forward(Ops tf, VariableStore vars, ModelConfig config, Operand<TFloat32> images,
            boolean training) {
        Objects.requireNonNull(config, "config");
        return forward(tf, new Layers(tf, vars, training), config, images);
    }

    /**
     * Adds an inference-mode forward pass with every conv + batch norm pair built as a convolution
     * and a bias; {@code folding} lists the pairs and turns trained weights into the ones it takes.
     */
    public static NetworkOutputs forward(Ops tf, VariableStore vars, ModelConfig config, Operand<TFloat32> images,
            BatchNormFolding folding) {
        Objects.requireNonNull(config, "config");
        return forward(tf, new Layers(tf, vars, false).foldingInto(Objects.requireNonNull(folding, "folding")),
                config, images);
    }

    private static NetworkOutputs forward(Ops tf, Layers layers, ModelConfig config, Operand<TFloat32> images) {
        List<Feature> stages = backbone(layers, config, images);
        Feature x = stages.get(stages.size() - 1);                  // [N, h, w, c], the deepest stage
        Operand<TFloat32> pooled = layers.globalAveragePool(x);      // [N, c], what the classifier reads
        Operand<TFloat32> boxes;                                     // [N, 4] xywh in 0..1
        Operand<TFloat32> cellLogits = null;                         // [N, h*w], centroid head only
        if (config.boxHead() == BoxHead.CENTROID) {
            CentroidBoxes centroid = centroidBoxes(tf, layers, x);
            boxes = centroid.boxes();
            cellLogits = centroid.cellLogits();
            // The classifier reads the face as well as the frame: half the frame's average, half the
            // features pooled where the box head looks, with the looking held fixed so that the class
            // loss does not move the box. One dense layer on the mix, so Adam's steps move the logits
            // no faster than on the frame's average alone.
            Operand<TFloat32> face = poolWith(tf, x, tf.stopGradient(centroid.cellWeights()));   // [N, c]
            pooled = tf.math.mul(tf.math.add(pooled, face), tf.constant(0.5f));
        } else {
            boxes = boxHead(tf, layers, x, config);
        }
        Operand<TFloat32> logits = layers.dense("class_dense", pooled, x.channels(), config.numClasses()); // [N, classes]
        return new NetworkOutputs(logits, tf.nn.softmax(logits), boxes, x.value(),
                List.copyOf(layers.movingAverageUpdates()), List.copyOf(layers.layers()), cellLogits);
    }

    /**
     * The stem and the bottleneck stages, shared by both heads.
     *
     * @return each stage's output, shallow to deep: strides 4, 8, 16 (and 32 with four stages)
     */
    static List<Feature> backbone(Layers layers, ModelConfig config, Operand<TFloat32> images) {
        Feature x = new Feature(images, config.inputSize(), config.channels());     // [N, S, S, channels]
        // [N, S/2, S/2, stem]
        x = layers.relu(layers.convBatchNorm("stem_conv", "stem_bn", x, config.stemWidth(), 7, 2));
        x = layers.maxPool3x3Stride2("stem_pool", x);                                 // [N, S/4, S/4, stem]
        List<Feature> stages = new java.util.ArrayList<>();
        for (int s = 0; s < config.stageWidths().size(); s++) {
            for (int b = 0; b < config.stageBlocks().get(s); b++) {
                int stride = (s > 0 && b == 0) ? 2 : 1;
                String name = "stage" + (s + 1) + "_block" + (b + 1);
                x = bottleneck(layers, name, x, config.stageWidths().get(s), stride, config);
            }
            stages.add(x); // [N, S/2^(s+2), S/2^(s+2), width * expansion]
        }
        return stages;
    }

    private static Feature bottleneck(Layers l, String name, Feature x, int width, int stride, ModelConfig config) {
        // x: [N, s, s, c_in]; out: [N, s', s', width * expansion] with s' = ceil(s / stride)
        int out = width * config.expansion();
        Feature y = l.relu(l.convBatchNorm(name + "_conv1", name + "_bn1", x, width, 1, 1)); // [N, s, s, width]
        // Stride on the 3x3 (ResNet v1.5), which keeps more information than striding the 1x1.
        y = l.relu(l.convBatchNorm(name + "_conv2", name + "_bn2", y, width, 3, stride));   // [N, s', s', width]
        y = l.convBatchNorm(name + "_conv3", name + "_bn3", y, out, 1, 1);                  // [N, s', s', out]
        y = l.squeezeExcite(name + "_se", y, config.seReduction());                         // [N, s', s', out]
        Feature shortcut = x;
        if (stride != 1 || x.channels() != out) {
            shortcut = l.convBatchNorm(name + "_proj", name + "_proj_bn", x, out, 1, stride); // [N, s', s', out]
        }
        return l.relu(l.add(y, shortcut));
    }

    /**
     * Box head: logits [N,4] from the spatial or pooled variant, batch norm, sigmoid [N,4].
     *
     * <p>Why the batch norms: with the notebook's plain layers (1x1 conv + bias + ReLU, flatten,
     * dense + ReLU, dense, sigmoid; Glorot/He init; Adam 1e-3) the seed preset's box head died
     * within 3 steps on real photos. Adam's first steps move every weight by about the learning
     * rate in the sign of its gradient; a layer fed non-negative (post-ReLU) inputs then moves all
     * of a unit's weights the same way, so its output jumps by lr * ||x||_1 per step: about 2 for
     * box_dense1 (4,096 inputs of mean 0.48 at 8x8x64) and 1.3 for box_conv (2,048 inputs of mean
     * 0.62). Stacked, the three layers overshot the target: measured on 86 training photos, the
     * pre-sigmoid values went from mean -0.8 / std 1.2 to mean -20.6 (100% beyond |6|) after 3
     * steps and -74 after 12; every box collapsed to zero size (IoU 0), 50-65% of box_dense1's
     * units and 40-60% of box_conv's outputs were dead over the whole batch, and the box head's
     * gradient norms fell from 0.4-1.2 to 1e-5 (3 steps) and 1e-17 (12 steps). A sigmoid under a
     * squared error cannot climb back: its gradient 2(p-t)p(1-p) vanishes in the tails, unlike
     * softmax cross-entropy's p-y, which is why the classifier kept learning. The tiny and small
     * presets flatten 512-576 values and overshoot 8x less. Gradient clipping would not help:
     * Adam divides the gradient's scale away.
     *
     * <p>The fix keeps the notebook's layers and normalises each before its nonlinearity:
     * conv-BN-ReLU, dense-BN-ReLU, and batch norm on the 4 logits before the sigmoid. In training
     * the logits then have the batch mean beta and spread gamma whatever the layers below do, and
     * Adam moves beta and gamma by about 1e-3 a step, so the sigmoid cannot be thrown into its
     * tails; beta starts at the logit of the training set's mean box (see
     * {@code TrainingSession#startBoxesAt}). Batch norm before each ReLU keeps every unit active
     * on part of each batch.
     *
     * <p>Only where the overshoot is real: the spatial head of a small flatten (tiny and small at
     * their input sizes: 512-576 values, at most {@value #PLAIN_BOX_HEAD_MAX_INPUTS}) keeps the
     * notebook's plain layers, its last bias started at the mean box. There the batch norms cost
     * precision: a training-mode output tied to its batch's statistics cannot follow a batch of 16
     * whose boxes differ from the mean, and the tiny preset's test IoU on 600 synthetic images fell
     * from 0.59-0.70 to 0.47-0.59 with them (seeds 11-13).
     */
    private static Operand<TFloat32> boxHead(Ops tf, Layers l, Feature x, ModelConfig config) {
        Operand<TFloat32> logits = switch (config.boxHead()) {
            case SPATIAL -> spatialBoxLogits(tf, l, x, config);
            // Global average pool [N,c], linear to [N,4], as the notebook's upstream.
            case POOLED -> l.dense("box_dense", l.globalAveragePool(x), x.channels(), 4);
            case CENTROID -> throw new IllegalStateException("the centroid head is built by centroidBoxes");
        };
        if (!normalisedBoxHead(x, config)) {
            return tf.math.sigmoid(logits);
        }
        return tf.math.sigmoid(l.batchNorm(BOX_OUTPUT_NORM, logits, 4));
    }

    /** Name of the batch norm before the centroid head's size sigmoid; its beta holds the logit of the mean size. */
    public static final String BOX_SIZE_NORM = "box_size_bn";

    /**
     * The soft-argmax box head, [N,4] boxes [x_min, y_min, w, h].
     *
     * <p>Why: the spatial head maps a flattened feature map to 4 numbers through dense layers, so
     * it must learn the position of a face separately for every cell it can sit in, and 60-220
     * steps on 86 photos did not take the seed's training IoU past 0.43. Here one 1x1 conv, shared
     * by every cell, scores "the face is here"; the centre is the softmax-weighted mean of the cell
     * centres, so what the conv learns at one place holds at every other, and a face's position
     * costs no extra weights. The size is read from the features pooled with the same weights, i.e.
     * from the face rather than the whole frame; its logits are batch-normalised as the pooled
     * head's are, starting at the mean size. The score conv has no batch norm: Adam's first steps
     * move all of a cell score's weights alike, which shifts every cell by the same amount and
     * leaves the softmax unchanged, and a batch norm's scale (moved about 1e-3 a step) would hold
     * the softmax's sharpness near where it started, keeping the centre near the frame's.
     */
    private static CentroidBoxes centroidBoxes(Ops tf, Layers l, Feature x) {
        int h = x.size();
        int cells = h * h;
        Feature score = l.conv1x1WithBias("box_heat_conv", x, 1);                                // [N, h, h, 1]
        Operand<TFloat32> cellLogits = tf.reshape(score.value(), tf.constant(new int[] {-1, cells})); // [N, h*h]
        Operand<TFloat32> weights = tf.nn.softmax(cellLogits);                               // [N, h*h], sums to 1
        float[][] cellCentres = new float[cells][2];                                         // [h*h, 2] (x, y)
        for (int i = 0; i < cells; i++) {
            cellCentres[i][0] = (i % h + 0.5f) / h;
            cellCentres[i][1] = (i / h + 0.5f) / h;
        }
        Operand<TFloat32> centre = tf.linalg.matMul(weights, tf.constant(cellCentres));     // [N, 2] (cx, cy)
        Operand<TFloat32> pooled = poolWith(tf, x, weights);                                  // [N, c]
        Operand<TFloat32> size = tf.math.sigmoid(l.batchNorm(BOX_SIZE_NORM,
                l.dense("box_size_dense", pooled, x.channels(), 2), 2));                     // [N, 2] (w, h)
        // [x_min, y_min, w, h] = centre A + size B, as matrix products (their gradients exist in C++).
        float[][] centreToBox = {{1, 0, 0, 0}, {0, 1, 0, 0}};
        float[][] sizeToBox = {{-0.5f, 0, 1, 0}, {0, -0.5f, 0, 1}};
        Operand<TFloat32> boxes = tf.math.add(tf.linalg.matMul(centre, tf.constant(centreToBox)),
                tf.linalg.matMul(size, tf.constant(sizeToBox)));                             // [N, 4]
        return new CentroidBoxes(boxes, cellLogits, weights);
    }

    /** [N, h, w, c] features summed over the cells with [N, h*w] weights: [N, c]. */
    private static Operand<TFloat32> poolWith(Ops tf, Feature x, Operand<TFloat32> weights) {
        int h = x.size();
        return tf.sum(tf.math.mul(x.value(), tf.reshape(weights, tf.constant(new int[] {-1, h, h, 1}))),
                tf.constant(new int[] {1, 2}));
    }

    /**
     * The centroid head's boxes [N, 4], the cell scores [N, h*w] its centre is the soft-argmax of,
     * and their softmax [N, h*w].
     */
    private record CentroidBoxes(Operand<TFloat32> boxes, Operand<TFloat32> cellLogits,
            Operand<TFloat32> cellWeights) {}

    /** Name of the batch norm before the box sigmoid; its beta holds the logit of the starting box. */
    public static final String BOX_OUTPUT_NORM = "box_out_bn";

    /**
     * Flattened box-head inputs above which Adam's first steps move a plain head's output by about 1
     * or more (lr * ||x||_1 at lr 1e-3..2e-3 and inputs of mean 0.5): batch norm needed (the seed: 4,096).
     */
    static final int PLAIN_BOX_HEAD_MAX_INPUTS = 1024;

    /** Whether the box head normalises its layers: the pooled head always, the spatial head over that many inputs. */
    public static boolean normalisedBoxHead(Feature x, ModelConfig config) {
        return config.boxHead() != BoxHead.SPATIAL || x.size() * x.size() * config.boxHeadChannels() > PLAIN_BOX_HEAD_MAX_INPUTS;
    }

    /** 1x1 conv + BN + ReLU [N,h,w,k], flatten [N,h*w*k], dense + BN + ReLU, dense [N,4]; without the BNs when small. */
    private static Operand<TFloat32> spatialBoxLogits(Ops tf, Layers l, Feature x, ModelConfig config) {
        boolean normalised = normalisedBoxHead(x, config);
        Feature cut = normalised
                ? l.relu(l.convBatchNorm("box_conv", "box_conv_bn", x, config.boxHeadChannels(), 1, 1))
                : l.relu(l.conv1x1WithBias("box_conv", x, config.boxHeadChannels()));
        // cut: [N, h, w, k]
        int flat = cut.size() * cut.size() * cut.channels();
        int hiddenUnits = config.boxHeadHidden();
        Operand<TFloat32> flattened = tf.reshape(cut.value(), tf.constant(new int[] {-1, flat})); // [N, h*w*k]
        Operand<TFloat32> dense1 = l.dense("box_dense1", flattened, flat, hiddenUnits);           // [N, hidden]
        Operand<TFloat32> hidden = tf.nn.relu(normalised ? l.batchNorm("box_dense1_bn", dense1, hiddenUnits) : dense1);
        return l.dense("box_dense2", hidden, hiddenUnits, 4);                                      // [N, 4] logits
    }
}
