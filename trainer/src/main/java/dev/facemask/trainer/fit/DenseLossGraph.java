package dev.facemask.trainer.fit;

import dev.facemask.trainer.model.CentreHead;
import dev.facemask.trainer.model.DenseDetector;
import dev.facemask.trainer.model.DenseOutputs;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Max;
import org.tensorflow.op.core.Sum;
import org.tensorflow.types.TFloat32;

/**
 * The dense head's losses as graph ops, after CenterNet: a penalty-reduced pixel-wise focal loss on
 * the centre heatmaps and an L1 loss on the box values at face centres, both divided by the number
 * of faces in the batch. Every op has a gradient in TensorFlow's C++ registry.
 *
 * <p>A {@link CentreHead#OBJECTNESS} head puts the focal loss on its one face heatmap (the target is
 * the largest class target of each cell) and adds a cross-entropy of its class softmax around each
 * face, weighted by the face's Gaussian, with the class weights.
 *
 * @param heatmapLoss focal loss (plus the class cross-entropy of an objectness head), scalar
 * @param boxLoss the box loss around face centres ({@link DenseBoxLoss}), scalar
 * @param total heatmapLoss + boxWeight * boxLoss, scalar
 */
record DenseLossGraph(Operand<TFloat32> heatmapLoss, Operand<TFloat32> boxLoss, Operand<TFloat32> total) {

    /** Keeps log(p) and log(1 - p) finite; the focal loss uses alpha = 2 and beta = 4 as CenterNet does. */
    private static final float EPSILON = 1e-4f;

    /**
     * @param out the forward pass: its centre logits (and for an objectness head its face and class logits)
     * @param heatmap target heatmap [N, g, g, classes], exactly 1 at face centres
     * @param target target box values [N, g, g, 4]
     * @param mask weight of each cell's box [N, g, g, 1]: 1 at face centres, the Gaussian around them
     * @param boxes what the box loss compares
     * @param offsets how an offset error is weighed by {@link DenseBoxLoss#L1}
     * @param classWeights weight of each class, float[classes]: of its heatmap channel in the focal
     *     loss, or of its faces in an objectness head's cross-entropy
     */
    static DenseLossGraph build(Ops tf, DenseOutputs out, Operand<TFloat32> heatmap, Operand<TFloat32> target,
            Operand<TFloat32> mask, double boxWeight, DenseBoxLoss boxes, OffsetLoss offsets, float[] classWeights) {
        return build(tf, out, heatmap, target, mask, boxWeight, boxes, offsets, classWeights, false);
    }

    /**
     * As above; {@code classWeightedFaces} also weighs an objectness head's face heatmap, cell by cell,
     * by the class weights of the faces around the cell ({@link #faceCellWeights}).
     */
    static DenseLossGraph build(Ops tf, DenseOutputs out, Operand<TFloat32> heatmap, Operand<TFloat32> target,
            Operand<TFloat32> mask, double boxWeight, DenseBoxLoss boxes, OffsetLoss offsets, float[] classWeights,
            boolean classWeightedFaces) {
        Operand<TFloat32> centres;
        if (out.objectnessLogits() == null) {
            centres = focal(tf, out.heatmapLogits(), heatmap, tf.constant(classWeights));
        } else {
            // [N, g, g, 1]: a face centre of any class
            Operand<TFloat32> faceTarget = tf.max(heatmap, tf.constant(3), Max.keepDims(true));
            Operand<TFloat32> faceWeights = classWeightedFaces ? faceCellWeights(tf, heatmap, classWeights) : tf.constant(1f);
            centres = tf.math.add(focal(tf, out.objectnessLogits(), faceTarget, faceWeights),
                    classCrossEntropy(tf, out.classLogits(), heatmap, faceTarget, classWeights));
        }
        Operand<TFloat32> one = tf.constant(1f);
        Operand<TFloat32> perCell; // [N, g, g, 4] or [N, g, g, 1], weighted by the mask
        if (boxes == DenseBoxLoss.GIOU) {
            perCell = tf.math.mul(tf.math.sub(one, giou(tf, out.regression(), target)), mask);
        } else {
            perCell = tf.math.mul(tf.math.abs(tf.math.sub(out.regression(), target)), mask);
            if (offsets == OffsetLoss.RELATIVE) {
                perCell = tf.math.mul(perCell, offsetScale(tf, target));
            }
        }
        Operand<TFloat32> boxLoss = tf.math.div(sumAll(tf, perCell), tf.math.maximum(sumAll(tf, mask), one));
        Operand<TFloat32> total = tf.math.add(centres, tf.math.mul(boxLoss, tf.constant((float) boxWeight)));
        return new DenseLossGraph(centres, boxLoss, total);
    }

    /**
     * [N, g, g, 4]: 1 for the log sizes, 1 / max(1, width) and 1 / max(1, height) in cells for the x and
     * y offsets, from the target's log sizes (0 away from faces, where the mask is 0 anyway).
     */
    static Operand<TFloat32> offsetScale(Ops tf, Operand<TFloat32> target) {
        List<Operand<TFloat32>> parts = new ArrayList<>();
        tf.split(tf.constant(3), target, 4L).forEach(parts::add);
        Operand<TFloat32> one = tf.constant(1f);
        Operand<TFloat32> ones = tf.onesLike(parts.get(0));
        return tf.concat(List.of(ones, ones, tf.math.div(one, tf.math.maximum(tf.math.exp(parts.get(0)), one)),
                tf.math.div(one, tf.math.maximum(tf.math.exp(parts.get(1)), one))), tf.constant(3));
    }

    /**
     * [N, g, g, 1]: the generalised IoU (Rezatofighi et al. 2019) of the boxes two regressions decode at
     * each cell: IoU minus the share of the smallest enclosing box that neither covers, in [-1, 1].
     * Both boxes are relative to the same cell, so the cell's position cancels.
     *
     * @param predicted [N, g, g, 4] log width, log height, x and y offset of the centre, in cells
     * @param target the same for the face; away from faces any finite values (their mask is 0)
     */
    static Operand<TFloat32> giou(Ops tf, Operand<TFloat32> predicted, Operand<TFloat32> target) {
        Edges p = Edges.of(tf, predicted);
        Edges t = Edges.of(tf, target);
        Operand<TFloat32> zero = tf.constant(0f);
        Operand<TFloat32> tiny = tf.constant(EPSILON * EPSILON);
        Operand<TFloat32> overlap = tf.math.mul(
                tf.math.maximum(tf.math.sub(tf.math.minimum(p.right, t.right), tf.math.maximum(p.left, t.left)), zero),
                tf.math.maximum(tf.math.sub(tf.math.minimum(p.bottom, t.bottom), tf.math.maximum(p.top, t.top)), zero));
        Operand<TFloat32> union = tf.math.sub(tf.math.add(p.area(tf), t.area(tf)), overlap);
        Operand<TFloat32> enclosing = tf.math.mul(
                tf.math.sub(tf.math.maximum(p.right, t.right), tf.math.minimum(p.left, t.left)),
                tf.math.sub(tf.math.maximum(p.bottom, t.bottom), tf.math.minimum(p.top, t.top)));
        Operand<TFloat32> iou = tf.math.div(overlap, tf.math.maximum(union, tiny));
        return tf.math.sub(iou, tf.math.div(tf.math.sub(enclosing, union), tf.math.maximum(enclosing, tiny)));
    }

    /** A regression's box as edges in cells from the cell's corner, each [N, g, g, 1]. */
    private record Edges(Operand<TFloat32> left, Operand<TFloat32> top, Operand<TFloat32> right,
            Operand<TFloat32> bottom) {

        /**
         * Log sizes above this are clipped before exp: e^8 is about 3,000 cells, beyond any grid, and a
         * wild early output must not overflow to inf, whose gradient times a 0 mask would be NaN.
         */
        private static final float MAX_LOG_SIZE = 8f;

        static Edges of(Ops tf, Operand<TFloat32> regression) {
            List<Operand<TFloat32>> parts = new ArrayList<>();
            tf.split(tf.constant(3), regression, 4L).forEach(parts::add);
            Operand<TFloat32> half = tf.constant(0.5f);
            Operand<TFloat32> cap = tf.constant(MAX_LOG_SIZE);
            Operand<TFloat32> halfW = tf.math.mul(tf.math.exp(tf.math.minimum(parts.get(0), cap)), half);
            Operand<TFloat32> halfH = tf.math.mul(tf.math.exp(tf.math.minimum(parts.get(1), cap)), half);
            return new Edges(tf.math.sub(parts.get(2), halfW), tf.math.sub(parts.get(3), halfH),
                    tf.math.add(parts.get(2), halfW), tf.math.add(parts.get(3), halfH));
        }

        Operand<TFloat32> area(Ops tf) {
            return tf.math.mul(tf.math.sub(right, left), tf.math.sub(bottom, top));
        }
    }

    /**
     * CenterNet's focal loss, summed and divided by the number of centres (at least 1).
     *
     * @param logits [N, g, g, k]
     * @param heatmap [N, g, g, k] targets, exactly 1 at centres
     * @param weights broadcast over the last axis: [k] or a scalar
     */
    static Operand<TFloat32> focal(Ops tf, Operand<TFloat32> logits, Operand<TFloat32> heatmap,
            Operand<TFloat32> weights) {
        // Every term below is [N, g, g, k] until summed to a scalar.
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
        Operand<TFloat32> centres = tf.math.maximum(sumAll(tf, positive), one); // scalar, at least 1
        Operand<TFloat32> weighted = tf.math.mul(tf.math.add(posTerm, negTerm), weights);
        return tf.math.neg(tf.math.div(sumAll(tf, weighted), centres));
    }

    /**
     * Per cell [N, g, g, 1]: the class weights averaged by the cell's share of each class's target
     * (the weight of the face whose Gaussian covers it, split where faces of two classes overlap), and
     * 1 where no face's Gaussian reaches. Without it the face heatmap learns where faces are mostly
     * from the common class; with it a rare class's faces, and the cells around them, count as much
     * as their class weight says.
     */
    static Operand<TFloat32> faceCellWeights(Ops tf, Operand<TFloat32> heatmap, float[] classWeights) {
        Operand<TFloat32> one = tf.constant(1f);
        Operand<TFloat32> total = tf.sum(heatmap, tf.constant(3), Sum.keepDims(true));
        Operand<TFloat32> nearFace = tf.dtypes.cast(tf.math.greater(total, tf.constant(EPSILON)), TFloat32.class);
        Operand<TFloat32> share = tf.math.div(heatmap, tf.math.maximum(total, tf.constant(EPSILON)));
        Operand<TFloat32> weighted = tf.sum(tf.math.mul(share, tf.constant(classWeights)), tf.constant(3),
                Sum.keepDims(true));
        return tf.math.add(tf.math.mul(nearFace, weighted), tf.math.sub(one, nearFace));
    }

    /**
     * Cross-entropy of the class softmax against each cell's share of the class targets (one class
     * at a face, split where faces of two classes overlap), weighted by the face's Gaussian
     * {@code faceTarget} and the class weights, divided by the summed Gaussian weight.
     *
     * @param classLogits [N, g, g, classes]
     * @param heatmap [N, g, g, classes] class targets
     * @param faceTarget [N, g, g, 1] the largest class target of each cell
     */
    static Operand<TFloat32> classCrossEntropy(Ops tf, Operand<TFloat32> classLogits, Operand<TFloat32> heatmap,
            Operand<TFloat32> faceTarget, float[] classWeights) {
        Operand<TFloat32> one = tf.constant(1f);
        // [N, g, g, 1], at least EPSILON so that cells away from faces divide to 0 rather than NaN
        Operand<TFloat32> total = tf.math.maximum(tf.sum(heatmap, tf.constant(3), Sum.keepDims(true)),
                tf.constant(EPSILON));
        Operand<TFloat32> share = tf.math.div(heatmap, total); // [N, g, g, classes]
        Operand<TFloat32> logP = DenseDetector.logSoftmax(tf, classLogits, classWeights.length);
        // [N, g, g, classes]: -w_c * share_c * log p_c * gaussian
        Operand<TFloat32> terms = tf.math.mul(tf.math.mul(tf.math.mul(share, logP), tf.constant(classWeights)),
                faceTarget);
        return tf.math.neg(tf.math.div(sumAll(tf, terms), tf.math.maximum(sumAll(tf, faceTarget), one)));
    }

    private static Operand<TFloat32> sumAll(Ops tf, Operand<TFloat32> x) {
        return tf.sum(tf.reshape(x, tf.constant(new int[] {-1})), tf.constant(0));
    }
}
