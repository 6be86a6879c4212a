package dev.facemask.trainer.fit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.facemask.trainer.model.DenseOutputs;
import dev.facemask.trainer.model.TensorArrays;
import java.util.List;
import org.junit.jupiter.api.Test;
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
                    constant(tf, mask, 1, 1, 3, 1), 2, DenseBoxLoss.L1, offsets, new float[] {1, 1});
            try (Result r = s.runner().fetch(loss.boxLoss()).fetch(loss.heatmapLoss()).fetch(loss.total()).run()) {
                float box = TensorArrays.scalar(r.get(0));
                assertThat(box).isCloseTo(expected, within(1e-5f));
                assertThat(TensorArrays.scalar(r.get(2))).isCloseTo(TensorArrays.scalar(r.get(1)) + 2 * box,
                        within(1e-5f));
            }
        }
    }

    /**
     * The same three kinds of cell under GIoU. An 8x4-cell face, its box predicted at the right size 2
     * cells to the right: overlap 6 x 4 = 24, union 32 + 32 - 24 = 40, enclosing 10 x 4 = 40, GIoU 0.6,
     * loss 0.4 (weight 1). A 1x1-cell face predicted 2 cells to its right, not touching it: overlap 0,
     * union 2, enclosing 3 x 1 = 3, GIoU 0 - 1 / 3, loss 4 / 3 (weight 0.5). A cell away from faces
     * with a log width of 30 (weight 0). (0.4 + 2 / 3) / 1.5 = 0.7111; the gradient with respect to the
     * outputs stays finite everywhere, also at the wild cell.
     */
    @Test
    void shouldScoreBoxesByGeneralisedIou() {
        float[] target = {LN8, LN4, 0.5f, 0.25f, 0, 0, 0, 0, 0, 0, 0, 0};
        float[] predicted = {LN8, LN4, 2.5f, 0.25f, 0, 0, 2, 0, 30, 4, 9, -9};
        float[] mask = {1, 0.5f, 0};
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            Operand<TFloat32> heat = tf.zeros(tf.constant(new long[] {1, 1, 3, 2}), TFloat32.class);
            Operand<TFloat32> regression = tf.identity(constant(tf, predicted, 1, 1, 3, 4));
            DenseOutputs out = new DenseOutputs(heat, heat, null, null, regression, heat, List.of(), List.of());
            DenseLossGraph loss = DenseLossGraph.build(tf, out, heat, constant(tf, target, 1, 1, 3, 4),
                    constant(tf, mask, 1, 1, 3, 1), 1, DenseBoxLoss.GIOU, OffsetLoss.RELATIVE, new float[] {1, 1});
            Operand<TFloat32> perCell = DenseLossGraph.giou(tf, regression, constant(tf, target, 1, 1, 3, 4));
            Operand<?> gradient = tf.gradients(loss.boxLoss(), List.of(regression)).dy(0);
            try (Result r = s.runner().fetch(loss.boxLoss()).fetch(perCell).fetch(gradient).run()) {
                assertThat(TensorArrays.scalar(r.get(0))).isCloseTo(0.7111111f, within(1e-5f));
                float[] giou = TensorArrays.values(r.get(1));
                assertThat(giou[0]).isCloseTo(0.6f, within(1e-5f));
                assertThat(giou[1]).isCloseTo(-1 / 3f, within(1e-5f));
                float[] grad = TensorArrays.values(r.get(2));
                assertThat(grad).hasSize(12);
                for (float v : grad) {
                    assertThat(Float.isFinite(v)).as("gradient %s", v).isTrue();
                }
                // Moving the first box left (towards the face) lowers the loss; the wild cell has no say.
                assertThat(grad[2]).isPositive();
                assertThat(Math.abs(grad[8]) + Math.abs(grad[9]) + Math.abs(grad[10]) + Math.abs(grad[11])).isZero();
            }
        }
    }

    private static Operand<TFloat32> constant(Ops tf, float[] values, long... shape) {
        return tf.constant(Shape.of(shape), DataBuffers.of(values));
    }
}
