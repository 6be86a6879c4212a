package dev.facemask.trainer.model;

import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/** Conversions between Java arrays and tensors (row-major on both sides). */
public final class TensorArrays {

    private TensorArrays() {}

    /** A float tensor of {@code shape} over a copy of {@code values}. */
    public static TFloat32 floats(float[] values, long... shape) {
        return TFloat32.tensorOf(Shape.of(shape), DataBuffers.of(values, true, false));
    }

    public static TInt32 ints(int[] values, long... shape) {
        return TInt32.tensorOf(Shape.of(shape), DataBuffers.of(values, true, false));
    }

    /** All values of a float tensor, row-major. */
    public static float[] values(Tensor tensor) {
        TFloat32 t = (TFloat32) tensor;
        float[] out = new float[Math.toIntExact(t.size())];
        t.copyTo(DataBuffers.of(out, false, false));
        return out;
    }

    /** A [rows, cols] float tensor as rows. */
    public static float[][] rows(Tensor tensor) {
        float[] flat = values(tensor);
        int rows = (int) tensor.shape().get(0);
        int cols = rows == 0 ? 0 : flat.length / rows;
        float[][] out = new float[rows][cols];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(flat, r * cols, out[r], 0, cols);
        }
        return out;
    }

    /** The single value of a scalar float tensor. */
    public static float scalar(Tensor tensor) {
        return ((TFloat32) tensor).getFloat();
    }
}
