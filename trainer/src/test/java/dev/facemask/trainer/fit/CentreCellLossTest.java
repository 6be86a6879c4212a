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

/** The centroid box head's cell loss: cross-entropy against the true centre spread over the nearest cells. */
class CentreCellLossTest {

    /**
     * A 2x2 grid, cells numbered row-major, cell centres at 0.25 and 0.75 on each axis. Box 1
     * [0.6, 0.1, 0.2, 0.2] has its centre at (0.7, 0.2): on x 0.1 of it on column 0 and 0.9 on
     * column 1 (0.1 x 0.25 + 0.9 x 0.75 = 0.7), on y all on row 0 (0.2 is outside the cell centres),
     * so the target is [0.1, 0.9, 0, 0]; its logits [0, 2, 0, 0] give ln(3 + e^2) - 1.8. Box 2
     * [0.8, 0.8, 0.4, 0.4] is centred on the frame's corner (1.0, 1.0): target cell 3; uniform logits
     * give ln 4. The mean is the loss; its gradient with respect to the logits is (softmax - target) / 2.
     */
    @Test
    void shouldScoreTheCellsAgainstTheCentreSpreadOverTheNearestOnes() {
        float[] logits = {0, 2, 0, 0, 0, 0, 0, 0};
        float[] boxes = {0.6f, 0.1f, 0.2f, 0.2f, 0.8f, 0.8f, 0.4f, 0.4f};
        double first = Math.log(3 + Math.exp(2)) - 1.8;
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
                assertThat(grad[1]).isCloseTo((float) ((top - 0.9) / 2), within(1e-5f));
                assertThat(grad[0]).isCloseTo((float) (((1 - top) / 3 - 0.1) / 2), within(1e-5f));
                assertThat(grad[2]).isCloseTo((float) ((1 - top) / 3 / 2), within(1e-5f));
                assertThat(grad[7]).isCloseTo((0.25f - 1) / 2, within(1e-5f));
                assertThat(grad[4]).isCloseTo(0.25f / 2, within(1e-5f));
            }
        }
    }

    private static Operand<TFloat32> constant(Ops tf, float[] values, long... shape) {
        return tf.constant(Shape.of(shape), DataBuffers.of(values));
    }
}
