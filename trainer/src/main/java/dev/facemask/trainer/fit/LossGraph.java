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
        return build(tf, logits, labels, numClasses, predictedBoxes, trueBoxes, kind, classWeight, boxWeight, null, 0);
    }

    /**
     * As above, for a box head that also scores the cells of a {@code cellsPerSide}² grid.
     *
     * @param cellLogits [N, cellsPerSide²] row-major, or {@code null} for a head without cell scores
     */
    static LossGraph build(Ops tf, Operand<TFloat32> logits, Operand<TInt32> labels, int numClasses,
            Operand<TFloat32> predictedBoxes, Operand<TFloat32> trueBoxes, BoxLoss kind, double classWeight,
            double boxWeight, Operand<TFloat32> cellLogits, int cellsPerSide) {
        // [N, classes]
        Operand<TFloat32> oneHot = tf.oneHot(labels, tf.constant(numClasses), tf.constant(1f), tf.constant(0f));
        Operand<TFloat32> perImage = tf.nn.softmaxCrossEntropyWithLogits(logits, oneHot).loss();                  // [N]
        // scalar
        Operand<TFloat32> classLoss = meanAll(tf, perImage);
        Operand<TFloat32> boxLoss = switch (kind) {
            case MSE -> meanAll(tf, tf.math.square(tf.math.sub(predictedBoxes, trueBoxes)));
            case HUBER -> huber(tf, predictedBoxes, trueBoxes, BoxLoss.HUBER_DELTA);
            case IOU -> meanAll(tf, tf.math.sub(tf.constant(1f), iou(tf, predictedBoxes, trueBoxes)));
        };
        if (cellLogits != null) {
            boxLoss = tf.math.add(boxLoss, centreCellLoss(tf, cellLogits, trueBoxes, cellsPerSide));
        }
        Operand<TFloat32> total = tf.math.add(tf.math.mul(classLoss, tf.constant((float) classWeight)),
                tf.math.mul(boxLoss, tf.constant((float) boxWeight)));
        return new LossGraph(classLoss, boxLoss, total);
    }

    /**
     * Mean softmax cross-entropy of the cell scores against the cell holding each true box's centre.
     *
     * <p>Why: a squared error on the soft-argmax centre sends the cell scores a gradient of the
     * order of the centre's error (a few hundredths), while this sends p - y, of order 1, straight
     * to the cells: the centroid head then learns where a face is as fast as the classifier learns
     * what it is (the keypoint loss of CenterNet and of integral pose regression).
     */
    static Operand<TFloat32> centreCellLoss(Ops tf, Operand<TFloat32> cellLogits, Operand<TFloat32> trueBoxes,
            int cellsPerSide) {
        float[][] toCentre = {{1, 0}, {0, 1}, {0.5f, 0}, {0, 0.5f}};
        Operand<TFloat32> centre = tf.linalg.matMul(trueBoxes, tf.constant(toCentre));         // [N, 2] (cx, cy)
        Operand<TFloat32> cell = tf.math.minimum(tf.math.maximum(
                tf.math.floor(tf.math.mul(centre, tf.constant((float) cellsPerSide))), tf.constant(0f)),
                tf.constant(cellsPerSide - 1f));                                              // [N, 2] (col, row)
        Operand<TFloat32> index = tf.linalg.matMul(cell, tf.constant(new float[][] {{1}, {cellsPerSide}})); // [N, 1]
        Operand<TInt32> target = tf.dtypes.cast(tf.reshape(index, tf.constant(new int[] {-1})), TInt32.class); // [N]
        Operand<TFloat32> oneHot = tf.oneHot(target, tf.constant(cellsPerSide * cellsPerSide), tf.constant(1f),
                tf.constant(0f));                                                             // [N, cells]
        return meanAll(tf, tf.nn.softmaxCrossEntropyWithLogits(cellLogits, oneHot).loss());
    }

    private static Operand<TFloat32> meanAll(Ops tf, Operand<TFloat32> x) {
        return tf.math.mean(tf.reshape(x, tf.constant(new int[] {-1})), tf.constant(0), Mean.keepDims(false));
    }

    /** 0.5 q^2 + delta (a - q) with a = |error| and q = min(a, delta). */
    private static Operand<TFloat32> huber(Ops tf, Operand<TFloat32> pred, Operand<TFloat32> truth, float delta) {
        Operand<TFloat32> a = tf.math.abs(tf.math.sub(pred, truth)); // [N, 4]
        Operand<TFloat32> q = tf.math.minimum(a, tf.constant(delta)); // [N, 4]
        Operand<TFloat32> quadratic = tf.math.mul(tf.constant(0.5f), tf.math.square(q));
        Operand<TFloat32> linear = tf.math.mul(tf.constant(delta), tf.math.sub(a, q));
        return meanAll(tf, tf.math.add(quadratic, linear));
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
