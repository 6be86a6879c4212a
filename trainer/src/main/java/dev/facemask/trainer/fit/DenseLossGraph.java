package dev.facemask.trainer.fit;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The dense head's losses as graph ops, after CenterNet: a penalty-reduced pixel-wise focal loss on
 * the centre heatmaps and an L1 loss on the box values at face centres, both divided by the number
 * of faces in the batch. Every op has a gradient in TensorFlow's C++ registry.
 *
 * @param heatmapLoss focal loss, scalar
 * @param boxLoss L1 loss of log size and offset at face centres, scalar
 * @param total heatmapLoss + boxWeight * boxLoss, scalar
 */
record DenseLossGraph(Operand<TFloat32> heatmapLoss, Operand<TFloat32> boxLoss, Operand<TFloat32> total) {

    /** Keeps log(p) and log(1 - p) finite; the focal loss uses alpha = 2 and beta = 4 as CenterNet does. */
    private static final float EPSILON = 1e-4f;

    /**
     * @param logits predicted centre logits [N, g, g, classes]
     * @param heatmap target heatmap [N, g, g, classes], exactly 1 at face centres
     * @param predicted predicted box values [N, g, g, 4]
     * @param target target box values [N, g, g, 4]
     * @param mask 1 at face centres [N, g, g, 1]
     * @param classWeights weight of each class's heatmap channel in the focal loss, float[classes]
     */
    static DenseLossGraph build(Ops tf, Operand<TFloat32> logits, Operand<TFloat32> heatmap,
            Operand<TFloat32> predicted, Operand<TFloat32> target, Operand<TFloat32> mask, double boxWeight,
            float[] classWeights) {
        // Every term below is [N, g, g, classes] until summed to a scalar; the box terms are [N, g, g, 4].
        Operand<TFloat32> one = tf.constant(1f);
        Operand<TFloat32> p = tf.math.minimum(tf.math.maximum(tf.math.sigmoid(logits), tf.constant(EPSILON)),
                tf.constant(1 - EPSILON));
        Operand<TFloat32> positive = tf.dtypes.cast(tf.math.equal(heatmap, one), TFloat32.class);
        Operand<TFloat32> negative = tf.math.sub(one, positive);
        Operand<TFloat32> oneMinusP = tf.math.sub(one, p);
        // Positives: -(1 - p)^2 log p. Negatives near a centre are let off by (1 - y)^4.
        Operand<TFloat32> posTerm = tf.math.mul(tf.math.mul(tf.math.square(oneMinusP), tf.math.log(p)), positive);
        Operand<TFloat32> penalty = tf.math.square(tf.math.square(tf.math.sub(one, heatmap)));
        Operand<TFloat32> negTerm = tf.math.mul(tf.math.mul(tf.math.square(p), tf.math.log(oneMinusP)),
                tf.math.mul(penalty, negative));
        Operand<TFloat32> faces = tf.math.maximum(sumAll(tf, positive), one); // scalar, at least 1
        // [classes] broadcasts over the last axis of [N, g, g, classes].
        Operand<TFloat32> weights = tf.constant(classWeights);
        Operand<TFloat32> weighted = tf.math.mul(tf.math.add(posTerm, negTerm), weights);
        Operand<TFloat32> heatmapLoss = tf.math.neg(tf.math.div(sumAll(tf, weighted), faces));
        // [N, g, g, 4], mask broadcast
        Operand<TFloat32> l1 = tf.math.mul(tf.math.abs(tf.math.sub(predicted, target)), mask);
        Operand<TFloat32> boxLoss = tf.math.div(sumAll(tf, l1), tf.math.maximum(sumAll(tf, mask), one));
        Operand<TFloat32> total = tf.math.add(heatmapLoss, tf.math.mul(boxLoss, tf.constant((float) boxWeight)));
        return new DenseLossGraph(heatmapLoss, boxLoss, total);
    }

    private static Operand<TFloat32> sumAll(Ops tf, Operand<TFloat32> x) {
        return tf.sum(tf.reshape(x, tf.constant(new int[] {-1})), tf.constant(0));
    }
}
