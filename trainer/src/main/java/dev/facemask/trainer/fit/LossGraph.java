package dev.facemask.trainer.fit;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.math.Mean;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The two heads' losses and their weighted sum, as graph ops. Every op used here has a gradient in
 * TensorFlow's C++ gradient registry, which is what {@code Graph.addGradients} uses and which covers
 * fewer ops than Python's: {@code SparseSoftmaxCrossEntropyWithLogits}, for one, has no gradient there.
 *
 * @param classLoss mean softmax cross-entropy, scalar
 * @param boxLoss mean box loss, scalar; for the centroid box head also the cross-entropy of its cell
 *     scores against the cell that holds the true box's centre (see {@link #centreCellLoss})
 * @param total classWeight * classLoss + boxWeight * boxLoss, scalar
 */
record LossGraph(Operand<TFloat32> classLoss, Operand<TFloat32> boxLoss, Operand<TFloat32> total) {

    /**
     * @param logits [N, classes]
     * @param labels [N] class indices (one-hot encoded here: the sparse loss has no C++ gradient)
     * @param predictedBoxes [N, 4] xywh
     * @param trueBoxes [N, 4] xywh
     */
    static LossGraph build(Ops tf, Operand<TFloat32> logits, Operand<TInt32> labels, int numClasses,
            Operand<TFloat32> predictedBoxes, Operand<TFloat32> trueBoxes, BoxLoss kind, double classWeight,
            double boxWeight) {
        return build(tf, logits, labels, numClasses, predictedBoxes, trueBoxes, null, kind, classWeight, boxWeight,
                null, 0);
    }

    /**
     * As above, with a weight per image on its box loss, and for a box head that may also score the
     * cells of a {@code cellsPerSide}² grid.
     *
     * <p>The box loss is the mean over the batch of each image's weight times its loss, not a mean
     * over the weights: an image whose box has weight 0 (a face crop that is to teach the classifier
     * only) then takes nothing from the box gradient, and a photo's box counts as much per epoch as
     * it would without the crops beside it.
     *
     * @param boxWeights [N] in 0..1, or {@code null} for every box at weight 1
     * @param cellLogits [N, cellsPerSide²] row-major, or {@code null} for a head without cell scores
     */
    static LossGraph build(Ops tf, Operand<TFloat32> logits, Operand<TInt32> labels, int numClasses,
            Operand<TFloat32> predictedBoxes, Operand<TFloat32> trueBoxes, Operand<TFloat32> boxWeights,
            BoxLoss kind, double classWeight, double boxWeight, Operand<TFloat32> cellLogits, int cellsPerSide) {
        // [N, classes]
        Operand<TFloat32> oneHot = tf.oneHot(labels, tf.constant(numClasses), tf.constant(1f), tf.constant(0f));
        Operand<TFloat32> perImage = tf.nn.softmaxCrossEntropyWithLogits(logits, oneHot).loss();                  // [N]
        // scalar
        Operand<TFloat32> classLoss = meanAll(tf, perImage);
        Operand<TFloat32> boxPerImage = switch (kind) {                                                           // [N]
            case MSE -> meanOfRows(tf, tf.math.square(tf.math.sub(predictedBoxes, trueBoxes)));
            case HUBER -> huber(tf, predictedBoxes, trueBoxes, BoxLoss.HUBER_DELTA);
            case IOU -> tf.reshape(tf.math.sub(tf.constant(1f), iou(tf, predictedBoxes, trueBoxes)),
                    tf.constant(new int[] {-1}));
        };
        if (cellLogits != null) {
            boxPerImage = tf.math.add(boxPerImage, centreCellLossPerImage(tf, cellLogits, trueBoxes, cellsPerSide));
        }
        Operand<TFloat32> boxLoss = meanAll(tf, boxWeights == null ? boxPerImage : tf.math.mul(boxPerImage, boxWeights));
        Operand<TFloat32> total = tf.math.add(tf.math.mul(classLoss, tf.constant((float) classWeight)),
                tf.math.mul(boxLoss, tf.constant((float) boxWeight)));
        return new LossGraph(classLoss, boxLoss, total);
    }

    /**
     * Mean softmax cross-entropy of the cell scores against where each true box's centre lies among
     * the cell centres: its weight split bilinearly over the (up to) four nearest cells, so the
     * target's own soft-argmax is the true centre, not the centre of the cell it falls in. A centre
     * nearer the frame's edge than the outermost cell centres puts all its weight on those cells.
     *
     * <p>Why: a squared error on the soft-argmax centre sends the cell scores a gradient of the
     * order of the centre's error (a few hundredths), while this sends p - y, of order 1, straight
     * to the cells: the centroid head then learns where a face is as fast as the classifier learns
     * what it is (the keypoint losses of CenterNet and of integral pose regression).
     */
    static Operand<TFloat32> centreCellLoss(Ops tf, Operand<TFloat32> cellLogits, Operand<TFloat32> trueBoxes,
            int cellsPerSide) {
        return meanAll(tf, centreCellLossPerImage(tf, cellLogits, trueBoxes, cellsPerSide));
    }

    /** {@link #centreCellLoss} of each image, [N]. */
    private static Operand<TFloat32> centreCellLossPerImage(Ops tf, Operand<TFloat32> cellLogits,
            Operand<TFloat32> trueBoxes, int cellsPerSide) {
        Operand<TFloat32> x = axisWeights(tf, trueBoxes, new float[][] {{1}, {0}, {0.5f}, {0}}, cellsPerSide); // [N, h]
        Operand<TFloat32> y = axisWeights(tf, trueBoxes, new float[][] {{0}, {1}, {0}, {0.5f}}, cellsPerSide); // [N, h]
        int h = cellsPerSide;
        Operand<TFloat32> target = tf.reshape(tf.math.mul(tf.reshape(y, tf.constant(new int[] {-1, h, 1})),
                tf.reshape(x, tf.constant(new int[] {-1, 1, h}))), tf.constant(new int[] {-1, h * h})); // [N, h*h] row-major
        return tf.nn.softmaxCrossEntropyWithLogits(cellLogits, target).loss();
    }

    /** One axis of the target: the centre's weight on each of the h cell centres (j + 0.5) / h, [N, h]. */
    private static Operand<TFloat32> axisWeights(Ops tf, Operand<TFloat32> trueBoxes, float[][] toCentre, int h) {
        Operand<TFloat32> u = tf.math.sub(tf.math.mul(tf.linalg.matMul(trueBoxes, tf.constant(toCentre)),
                tf.constant((float) h)), tf.constant(0.5f));                                   // [N, 1] in cell-centre units
        Operand<TFloat32> below = tf.math.floor(u);
        Operand<TFloat32> frac = tf.math.sub(u, below);                                       // [N, 1] in [0, 1)
        Operand<TFloat32> onBelow = oneHotClipped(tf, below, h);
        Operand<TFloat32> onAbove = oneHotClipped(tf, tf.math.add(below, tf.constant(1f)), h);
        return tf.math.add(tf.math.mul(onBelow, tf.math.sub(tf.constant(1f), frac)), tf.math.mul(onAbove, frac));
    }

    /** [N, h] one-hot of a [N, 1] float index, clipped into 0..h-1. */
    private static Operand<TFloat32> oneHotClipped(Ops tf, Operand<TFloat32> index, int h) {
        Operand<TFloat32> clipped = tf.math.minimum(tf.math.maximum(index, tf.constant(0f)), tf.constant(h - 1f));
        Operand<TInt32> at = tf.dtypes.cast(tf.reshape(clipped, tf.constant(new int[] {-1})), TInt32.class); // [N]
        return tf.oneHot(at, tf.constant(h), tf.constant(1f), tf.constant(0f));
    }

    private static Operand<TFloat32> meanAll(Ops tf, Operand<TFloat32> x) {
        return tf.math.mean(tf.reshape(x, tf.constant(new int[] {-1})), tf.constant(0), Mean.keepDims(false));
    }

    /** The mean of each row of [N, k], [N]. */
    private static Operand<TFloat32> meanOfRows(Ops tf, Operand<TFloat32> x) {
        return tf.math.mean(x, tf.constant(1), Mean.keepDims(false));
    }

    /** 0.5 q^2 + delta (a - q) with a = |error| and q = min(a, delta), averaged over each image's 4 numbers, [N]. */
    private static Operand<TFloat32> huber(Ops tf, Operand<TFloat32> pred, Operand<TFloat32> truth, float delta) {
        Operand<TFloat32> a = tf.math.abs(tf.math.sub(pred, truth)); // [N, 4]
        Operand<TFloat32> q = tf.math.minimum(a, tf.constant(delta)); // [N, 4]
        Operand<TFloat32> quadratic = tf.math.mul(tf.constant(0.5f), tf.math.square(q));
        Operand<TFloat32> linear = tf.math.mul(tf.constant(delta), tf.math.sub(a, q));
        return meanOfRows(tf, tf.math.add(quadratic, linear));
    }

    /** IoU of xywh boxes, [N, 1]. Columns are picked by matmul with one-hot [4,1] selectors (MatMul has a gradient). */
    static Operand<TFloat32> iou(Ops tf, Operand<TFloat32> pred, Operand<TFloat32> truth) {
        // pred and truth: [N, 4]; every column and every term below: [N, 1]
        Operand<TFloat32> px = column(tf, pred, 0), py = column(tf, pred, 1);
        Operand<TFloat32> pw = column(tf, pred, 2), ph = column(tf, pred, 3);
        Operand<TFloat32> tx = column(tf, truth, 0), ty = column(tf, truth, 1);
        Operand<TFloat32> tw = column(tf, truth, 2), th = column(tf, truth, 3);
        Operand<TFloat32> ix = tf.nn.relu(tf.math.sub(tf.math.minimum(tf.math.add(px, pw), tf.math.add(tx, tw)),
                tf.math.maximum(px, tx)));
        Operand<TFloat32> iy = tf.nn.relu(tf.math.sub(tf.math.minimum(tf.math.add(py, ph), tf.math.add(ty, th)),
                tf.math.maximum(py, ty)));
        Operand<TFloat32> inter = tf.math.mul(ix, iy);
        Operand<TFloat32> union = tf.math.sub(tf.math.add(tf.math.mul(pw, ph), tf.math.mul(tw, th)), inter);
        return tf.math.div(inter, tf.math.add(union, tf.constant(1e-7f)));
    }

    private static Operand<TFloat32> column(Ops tf, Operand<TFloat32> boxes, int index) {
        float[][] selector = new float[4][1];
        selector[index][0] = 1f;
        return tf.linalg.matMul(boxes, tf.constant(selector)); // [N, 4] x [4, 1] = [N, 1]
    }
}
