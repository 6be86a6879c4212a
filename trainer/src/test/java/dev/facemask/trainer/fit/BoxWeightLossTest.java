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
import org.tensorflow.types.TInt32;

/**
 * The single head's box loss weighted per image ({@code train --face-crops --face-crop-box-weight}):
 * a mean over the batch of weight x loss, so an image at weight 0 gives its box no gradient while its
 * class still learns.
 */
class BoxWeightLossTest {

    // Image 0: squared errors 0.01, 0, 0, 0.04 (mean 0.0125). Image 1: far off (errors 0.5 on each number).
    private static final float[] PREDICTED = {0.1f, 0.1f, 0.2f, 0.2f, 0.5f, 0.5f, 0.5f, 0.5f};
    private static final float[] TRUTH = {0.2f, 0.1f, 0.2f, 0.4f, 0.0f, 0.0f, 0.0f, 0.0f};
    private static final float[] LOGITS = {0, 0, 0, 0};
    private static final int[] LABELS = {0, 1};

    @Test
    void shouldGiveABoxAtWeightZeroNoGradientAndKeepItsClassLoss() {
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            Operand<TFloat32> boxes = tf.identity(constant(tf, PREDICTED, 2, 4));
            Operand<TFloat32> logits = tf.identity(constant(tf, LOGITS, 2, 2));
            LossGraph loss = LossGraph.build(tf, logits, labels(tf), 2, boxes, constant(tf, TRUTH, 2, 4),
                    constant(tf, new float[] {1, 0}, 2), BoxLoss.MSE, 1, 10, null, 0);
            var gradients = tf.gradients(loss.total(), List.of(boxes, logits));
            try (Result r = s.runner().fetch(loss.boxLoss()).fetch(loss.classLoss()).fetch(gradients.dy(0))
                    .fetch(gradients.dy(1)).run()) {
                assertThat(TensorArrays.scalar(r.get(0))).isCloseTo(0.0125f / 2, within(1e-6f));
                assertThat(TensorArrays.scalar(r.get(1))).isCloseTo((float) Math.log(2), within(1e-6f));
                float[] boxGrad = TensorArrays.values(r.get(2));
                // d(10 * mean_n w_n * mean_k e_nk^2)/dp = 10 * w_n * 2 e / (4 * 2): -0.25 on x and -0.5 on h for image 0
                assertThat(boxGrad).containsExactly(new float[] {-0.25f, 0, 0, -0.5f, 0, 0, 0, 0}, within(1e-6f));
                float[] classGrad = TensorArrays.values(r.get(3));
                // (softmax - one-hot) / 2 for both images: the weight-0 image's class still learns
                assertThat(classGrad).containsExactly(new float[] {-0.25f, 0.25f, 0.25f, -0.25f}, within(1e-6f));
            }
        }
    }

    @Test
    void shouldWeightTheCentroidHeadsCellLossPerImageAndEqualTheUnweightedLossAtWeightOne() {
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            Operand<TFloat32> cells = constant(tf, new float[8], 2, 4);   // uniform over a 2x2 grid: ln 4 each
            Operand<TFloat32> truth = constant(tf, TRUTH, 2, 4);
            LossGraph imageOneOnly = LossGraph.build(tf, constant(tf, LOGITS, 2, 2), labels(tf), 2,
                    constant(tf, PREDICTED, 2, 4), truth, constant(tf, new float[] {0, 1}, 2), BoxLoss.MSE, 1, 1, cells, 2);
            LossGraph unweighted = LossGraph.build(tf, constant(tf, LOGITS, 2, 2), labels(tf), 2,
                    constant(tf, PREDICTED, 2, 4), truth, null, BoxLoss.MSE, 1, 1, cells, 2);
            LossGraph ones = LossGraph.build(tf, constant(tf, LOGITS, 2, 2), labels(tf), 2,
                    constant(tf, PREDICTED, 2, 4), truth, constant(tf, new float[] {1, 1}, 2), BoxLoss.MSE, 1, 1, cells, 2);
            try (Result r = s.runner().fetch(imageOneOnly.boxLoss()).fetch(unweighted.boxLoss()).fetch(ones.boxLoss())
                    .run()) {
                float ln4 = (float) Math.log(4);
                assertThat(TensorArrays.scalar(r.get(0))).isCloseTo((0.25f + ln4) / 2, within(1e-5f));
                assertThat(TensorArrays.scalar(r.get(1))).isCloseTo((0.0125f + 0.25f + 2 * ln4) / 2, within(1e-5f));
                assertThat(TensorArrays.scalar(r.get(2))).isCloseTo(TensorArrays.scalar(r.get(1)), within(1e-6f));
            }
        }
    }

    private static Operand<TInt32> labels(Ops tf) {
        return tf.constant(LABELS);
    }

    private static Operand<TFloat32> constant(Ops tf, float[] values, long... shape) {
        return tf.constant(Shape.of(shape), DataBuffers.of(values));
    }
}
