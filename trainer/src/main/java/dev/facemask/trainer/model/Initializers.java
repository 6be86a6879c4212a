package dev.facemask.trainer.model;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Draws initial variable values as Keras does by default for each layer kind. */
final class Initializers {

    private Initializers() {}

    static WeightArray draw(VariableStore.Spec spec, SplittableRandom random) {
        long n = 1;
        for (long d : spec.shape()) {
            n *= d;
        }
        float[] v = new float[Math.toIntExact(n)];
        switch (spec.init()) {
            case ONES -> Arrays.fill(v, 1f);
            case ZEROS -> { }
            case HE_NORMAL -> {
                // He et al. 2015: std sqrt(2 / fanIn), right for layers followed by ReLU.
                // The 0.8796 undoes the variance lost by truncating at 2 std (as Keras does).
                double std = Math.sqrt(2.0 / spec.fanIn()) / 0.87962566103423978;
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) (gaussian(random) * std);
                }
            }
            case GLOROT_UNIFORM -> {
                double limit = Math.sqrt(6.0 / (spec.fanIn() + spec.fanOut()));
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) ((random.nextDouble() * 2 - 1) * limit);
                }
            }
        }
        return new WeightArray(spec.shape(), v);
    }

    /** Standard normal by Box-Muller, truncated at 2 std as Keras' truncated initialisers do. */
    private static double gaussian(SplittableRandom random) {
        while (true) {
            double u1 = random.nextDouble();
            double u2 = random.nextDouble();
            double g = Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
            if (Math.abs(g) <= 2) {
                return g;
            }
        }
    }
}
