package dev.facemask.trainer.export;

import dev.facemask.trainer.model.DenseOutputs;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Sum;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * The dense head's single strongest face as graph ops, for the single-face outputs of the
 * SavedModel contract: the arg-max over every cell and class of the centre heatmap.
 *
 * @param selector [N, g, g, classes], 1 at the strongest cell and class, else 0
 * @param classScores [N, classes], every class's centre score at that cell
 * @param boxXywh [N, 4], its box as [x_min, y_min, w, h] normalised to the padded input
 */
record StrongestFace(Operand<TFloat32> selector, Operand<TFloat32> classScores, Operand<TFloat32> boxXywh) {

    static StrongestFace of(Ops tf, DenseOutputs out, int grid, int classes) {
        int cells = grid * grid * classes;
        Operand<TFloat32> flat = tf.reshape(out.heatmap(), tf.constant(new int[] {-1, cells}));
        Operand<TInt64> index = tf.math.argMax(flat, tf.constant(1));  // [N]
        Operand<TFloat32> oneHot = tf.oneHot(index, tf.constant(cells), tf.constant(1f), tf.constant(0f));
        Operand<TFloat32> selector = tf.reshape(oneHot, tf.constant(new int[] {-1, grid, grid, classes}));
        // [N, g, g, 1]: 1 on the strongest cell, whatever its class.
        Operand<TFloat32> cell = tf.sum(selector, tf.constant(3), Sum.keepDims(true));
        Operand<TFloat32> scores = tf.sum(tf.math.mul(out.heatmap(), cell), tf.constant(new int[] {1, 2}));
        Operand<TFloat32> values = tf.sum(tf.math.mul(out.regression(), cell), tf.constant(new int[] {1, 2}));  // [N,4]
        Operand<TInt64> cellIndex = tf.math.floorDiv(index, tf.constant((long) classes));
        Operand<TFloat32> row = column(tf, tf.dtypes.cast(tf.math.floorDiv(cellIndex, tf.constant((long) grid)), TFloat32.class));
        Operand<TFloat32> col = column(tf, tf.dtypes.cast(tf.math.floorMod(cellIndex, tf.constant((long) grid)), TFloat32.class));
        Operand<TFloat32> g = tf.constant((float) grid);
        // Capped as CenterDecoder caps it, so that both read the same box from a wild output.
        Operand<TFloat32> cap = tf.constant(8f);
        Operand<TFloat32> w = tf.math.div(tf.math.exp(tf.math.minimum(pick(tf, values, 0), cap)), g);
        Operand<TFloat32> h = tf.math.div(tf.math.exp(tf.math.minimum(pick(tf, values, 1), cap)), g);
        Operand<TFloat32> cx = tf.math.div(tf.math.add(col, pick(tf, values, 2)), g);
        Operand<TFloat32> cy = tf.math.div(tf.math.add(row, pick(tf, values, 3)), g);
        Operand<TFloat32> half = tf.constant(0.5f);
        Operand<TFloat32> x = tf.math.sub(cx, tf.math.mul(w, half));
        Operand<TFloat32> y = tf.math.sub(cy, tf.math.mul(h, half));
        Operand<TFloat32> box = tf.concat(List.of(x, y, w, h), tf.constant(1));
        return new StrongestFace(selector, scores, box);
    }

    /** [N] to [N, 1]. */
    private static Operand<TFloat32> column(Ops tf, Operand<TFloat32> v) {
        return tf.reshape(v, tf.constant(new int[] {-1, 1}));
    }

    /** Column {@code i} of [N, 4] as [N, 1]. */
    private static Operand<TFloat32> pick(Ops tf, Operand<TFloat32> values, int i) {
        return tf.slice(values, tf.constant(new int[] {0, i}), tf.constant(new int[] {-1, 1}));
    }
}
