package dev.facemask.trainer.export;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.nn.TopK;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The dense head's strongest centre peaks as graph ops: the faces whose Grad-CAM the {@code gradcam}
 * signature computes. A peak is a cell that a 3x3 max-pool of its class channel leaves unchanged,
 * the rule {@code CenterDecoder} applies in Java, and peaks rank by score with ties in index order
 * as there; so every face the decoder reports among the first {@code k} peaks finds its map.
 */
final class FacePeaks {

    private FacePeaks() {}

    /**
     * @param heatmap centre scores [N, g, g, classes] in 0..1
     * @return [N, k] flat peak indices {@code cell * classes + class}, strongest first
     */
    static Operand<TInt32> strongest(Ops tf, Operand<TFloat32> heatmap, int grid, int classes, int k) {
        Operand<TFloat32> pooled = tf.nn.maxPool(heatmap, tf.constant(new int[] {1, 3, 3, 1}),
                tf.constant(new int[] {1, 1, 1, 1}), "SAME");
        Operand<TFloat32> isPeak = tf.dtypes.cast(tf.math.equal(heatmap, pooled), TFloat32.class);
        // Scores are sigmoids, above 0, so a zeroed non-peak ranks below every peak.
        Operand<TFloat32> flat = tf.reshape(tf.math.mul(heatmap, isPeak),
                tf.constant(new int[] {-1, grid * grid * classes}));
        return tf.nn.topK(flat, tf.constant(k), new TopK.Options[0]).indices();
    }

    /**
     * @param peaks [N, k] flat peak indices
     * @return [N, g, g, classes]: 1 at the peak in column {@code slot} of each image, else 0; the seed
     *     of that face's gradient
     */
    static Operand<TFloat32> selector(Ops tf, Operand<TInt32> peaks, int slot, int grid, int classes) {
        Operand<TInt32> column = tf.reshape(tf.slice(peaks, tf.constant(new int[] {0, slot}),
                tf.constant(new int[] {-1, 1})), tf.constant(new int[] {-1}));
        Operand<TFloat32> oneHot = tf.oneHot(column, tf.constant(grid * grid * classes), tf.constant(1f),
                tf.constant(0f));
        return tf.reshape(oneHot, tf.constant(new int[] {-1, grid, grid, classes}));
    }
}
