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
 * @param boxLoss mean box loss, scalar
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
        Operand<TFloat32> total = tf.math.add(tf.math.mul(classLoss, tf.constant((float) classWeight)),
                tf.math.mul(boxLoss, tf.constant((float) boxWeight)));
        return new LossGraph(classLoss, boxLoss, total);
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
