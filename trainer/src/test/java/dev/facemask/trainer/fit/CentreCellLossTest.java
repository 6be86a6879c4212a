package dev.facemask.trainer.fit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.facemask.trainer.model.TensorArrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** The centroid box head's cell loss: cross-entropy against the cell that holds the true centre. */
class CentreCellLossTest {

    /**
     * A 2x2 grid, cells numbered row-major. Box 1 [0.6, 0.1, 0.2, 0.2] has its centre at (0.7, 0.2):
     * column 1, row 0, cell 1; its logits [0, 2, 0, 0] give -2 + ln(3 + e^2). Box 2 [0.8, 0.8, 0.4,
     * 0.4] is centred on the frame's corner (1.0, 1.0), clipped into cell 3; uniform logits give ln 4.
     * The mean is the loss. Its gradient with respect to the logits is (softmax - one-hot) / 2.
     */
    @Test
    void shouldScoreTheCellHoldingEachCentre() {
        float[] logits = {0, 2, 0, 0, 0, 0, 0, 0};
        float[] boxes = {0.6f, 0.1f, 0.2f, 0.2f, 0.8f, 0.8f, 0.4f, 0.4f};
        double first = -2 + Math.log(3 + Math.exp(2));
        double second = Math.log(4);
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            Operand<TFloat32> cells = tf.identity(constant(tf, logits, 2, 4));
            Operand<TFloat32> loss = LossGraph.centreCellLoss(tf, cells, constant(tf, boxes, 2, 4), 2);
            Operand<?> gradient = tf.gradients(loss, List.of(cells)).dy(0);
            try (Result r = s.runner().fetch(loss).fetch(gradient).run()) {
                assertThat(TensorArrays.scalar(r.get(0))).isCloseTo((float) ((first + second) / 2), within(1e-5f));
                float[] grad = TensorArrays.values(r.get(1));
                double top = Math.exp(2) / (3 + Math.exp(2));
                assertThat(grad[1]).isCloseTo((float) ((top - 1) / 2), within(1e-5f));
                assertThat(grad[0]).isCloseTo((float) ((1 - top) / 3 / 2), within(1e-5f));
                assertThat(grad[7]).isCloseTo((0.25f - 1) / 2, within(1e-5f));
                assertThat(grad[4]).isCloseTo(0.25f / 2, within(1e-5f));
            }
        }
    }

    private static Operand<TFloat32> constant(Ops tf, float[] values, long... shape) {
        return tf.constant(Shape.of(shape), DataBuffers.of(values));
    }
}
