package dev.facemask.trainer.model;

import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * A feature map in the graph with its static per-image shape {@code [size, size, channels]},
 * tracked in Java so layers can size their variables and count their cost.
 */
record Feature(Operand<TFloat32> value, int size, int channels) {

    String shapeText() {
        return size + "x" + size + "x" + channels;
    }
}
