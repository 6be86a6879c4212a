package dev.facemask.trainer.model;

import java.util.Arrays;

/**
 * One variable's value: a row-major float array and its shape (for example a 3x3 convolution
 * kernel is {@code [3, 3, inChannels, outChannels]}, TensorFlow's HWIO layout).
 */
public record WeightArray(long[] shape, float[] values) {

    public WeightArray {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        if (n != values.length) {
            throw new IllegalArgumentException("Shape " + Arrays.toString(shape) + " needs " + n
                    + " values, got " + values.length);
        }
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    public int size() {
        return values.length;
    }

    /** True when shape and every value are bit-for-bit the same. */
    public boolean sameAs(WeightArray other) {
        return Arrays.equals(shape, other.shape) && Arrays.equals(values, other.values);
    }
}
