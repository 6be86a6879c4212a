package dev.facemask.trainer.fit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.facemask.trainer.model.DenseOutputs;
import dev.facemask.trainer.model.TensorArrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** The dense head's box loss against values worked by hand, with offsets in cells and scaled by face size. */
class DenseBoxLossTest {

    static final float LN8 = (float) Math.log(8);
    static final float LN4 = (float) Math.log(4);
    static final float LN2 = (float) Math.log(2);
    static final float LN_HALF = (float) Math.log(0.5);

    /**
     * Three cells: the centre of an 8x4-cell face (errors 0.1 and 0.2 in log size, 2 and 1 cells in
     * offset; weight 1), a cell near a 0.5x2-cell face (errors 0.5 and 1 cell in offset; weight 0.5)
     * and a cell away from faces (weight 0; wild output, no loss).
     *
     * <p>Cells: (0.1 + 0.2 + 2 + 1) * 1 + (0.5 + 1) * 0.5 = 4.05, over weight 1.5: 2.7. Relative:
     * (0.1 + 0.2 + 2 / 8 + 1 / 4) * 1 + (0.5 / max(1, 0.5) + 1 / 2) * 0.5 = 1.3, over 1.5: 0.8667.
     */
    @ParameterizedTest
    @CsvSource({"CELLS, 2.7", "RELATIVE, 0.8666667"})
    void shouldWeighOffsetErrorsAsAsked(OffsetLoss offsets, float expected) {
        float[] target = {LN8, LN4, 0.5f, 0.25f, LN_HALF, LN2, -1, 0, 0, 0, 0, 0};
        float[] predicted = {LN8 + 0.1f, LN4 - 0.2f, 2.5f, -0.75f, LN_HALF, LN2, -0.5f, 1, 9, -9, 30, 4};
        float[] mask = {1, 0.5f, 0};
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            Operand<TFloat32> heat = tf.zeros(tf.constant(new long[] {1, 1, 3, 2}), TFloat32.class);
            DenseOutputs out = new DenseOutputs(heat, heat, null, null, constant(tf, predicted, 1, 1, 3, 4), heat,
                    List.of(), List.of());
            DenseLossGraph loss = DenseLossGraph.build(tf, out, heat, constant(tf, target, 1, 1, 3, 4),
                    constant(tf, mask, 1, 1, 3, 1), 2, offsets, new float[] {1, 1});
            try (Result r = s.runner().fetch(loss.boxLoss()).fetch(loss.heatmapLoss()).fetch(loss.total()).run()) {
                float box = TensorArrays.scalar(r.get(0));
                assertThat(box).isCloseTo(expected, within(1e-5f));
                assertThat(TensorArrays.scalar(r.get(2))).isCloseTo(TensorArrays.scalar(r.get(1)) + 2 * box,
                        within(1e-5f));
            }
        }
    }

    private static Operand<TFloat32> constant(Ops tf, float[] values, long... shape) {
        return tf.constant(Shape.of(shape), DataBuffers.of(values));
    }
}
