package dev.facemask.trainer.pipeline;

import java.util.Arrays;
import java.util.Locale;

/**
 * How much each class's centre heatmap counts in the focal loss. Real face-mask sets are
 * imbalanced (the 336-photo sample: 76% masked, 20% unmasked, 4% worn incorrectly); weighting
 * lifts the rare classes' recall at some cost in precision.
 */
public sealed interface ClassWeighting {

    /** Every class weighs 1. */
    ClassWeighting NONE = new Fixed(null);

    /** Weights for the given training faces per class. */
    float[] weights(int[] facesPerClass);

    /**
     * Parses {@code none}, {@code balanced} or a comma-separated list of one weight per class.
     *
     * @throws IllegalArgumentException naming the accepted forms
     */
    static ClassWeighting parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("none")) {
            return NONE;
        }
        if (t.equals("balanced")) {
            return new Balanced();
        }
        try {
            float[] w = new float[t.split(",").length];
            String[] parts = t.split(",");
            for (int i = 0; i < parts.length; i++) {
                w[i] = Float.parseFloat(parts[i].trim());
                if (!(w[i] > 0)) {
                    throw new NumberFormatException();
                }
            }
            return new Fixed(w);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Class weights '" + text
                    + "': use none, balanced, or one positive number per class such as 1,2,4");
        }
    }

    /** Given weights, or all 1 when null. */
    record Fixed(float[] values) implements ClassWeighting {
        @Override
        public float[] weights(int[] facesPerClass) {
            if (values == null) {
                float[] ones = new float[facesPerClass.length];
                Arrays.fill(ones, 1f);
                return ones;
            }
            if (values.length != facesPerClass.length) {
                throw new IllegalArgumentException("Got " + values.length + " class weights for "
                        + facesPerClass.length + " classes: give one per class");
            }
            return values.clone();
        }
    }

    /**
     * The square root of inverse frequency, normalised so the most frequent class weighs 1, capped
     * at 4: a gentler correction than full inverse frequency, which would weigh a 4% class 19x.
     */
    record Balanced() implements ClassWeighting {
        static final float CAP = 4f;

        @Override
        public float[] weights(int[] facesPerClass) {
            int max = Arrays.stream(facesPerClass).max().orElse(1);
            float[] w = new float[facesPerClass.length];
            for (int c = 0; c < w.length; c++) {
                w[c] = facesPerClass[c] == 0 ? 1f : (float) Math.min(CAP, Math.sqrt((double) max / facesPerClass[c]));
            }
            return w;
        }
    }
}
