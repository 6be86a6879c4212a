package dev.facemask.inference.profile;

import dev.facemask.inference.TensorFlowNatives;
import java.util.Random;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * The machine's practical float32 ceiling, measured now: an n x n matrix product in the same
 * TensorFlow runtime the model runs in (its oneDNN/Eigen kernels, all cores). A model's images/s
 * times its GFLOP per image, divided by this, is its share of what the machine can do.
 */
public final class MatMulCeiling {

    private MatMulCeiling() {}

    /**
     * @param n matrix side (4096 fills the caches many times over)
     * @param repeats timed products, after one warm-up
     * @return GFLOP/s, counting 2 n^3 floating-point operations per product
     */
    public static double gflops(int n, int repeats) {
        if (n < 1 || repeats < 1) {
            throw new IllegalArgumentException("n and repeats must be at least 1, were " + n + " and " + repeats);
        }
        TensorFlowNatives.ensureLoaded();
        float[] values = new float[n * n];
        Random random = new Random(7);
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextFloat() - 0.5f;
        }
        try (Graph g = new Graph(); Session session = new Session(g);
                TFloat32 a = TFloat32.tensorOf(Shape.of(n, n), DataBuffers.of(values, true, false))) {
            Ops tf = Ops.create(g);
            Placeholder<TFloat32> x = tf.placeholder(TFloat32.class);
            // Reduce to a scalar so that fetching the result costs nothing next to the product.
            Operand<TFloat32> product = tf.sum(tf.linalg.matMul(x, x), tf.constant(new int[] {0, 1}));
            session.runner().feed(x, a).fetch(product).run().close();
            long start = System.nanoTime();
            for (int r = 0; r < repeats; r++) {
                session.runner().feed(x, a).fetch(product).run().close();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            return 2.0 * n * n * (double) n * repeats / seconds / 1e9;
        }
    }
}
