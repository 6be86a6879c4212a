package dev.facemask.inference;

/**
 * A model output held NaN or an infinity, so no prediction of the batch is returned: a score or box
 * computed from it would be meaningless. Seen with weights or inputs whose activations leave the
 * range of the precision the model runs in; the message names the output and the precision.
 */
public final class NonFiniteOutputException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    NonFiniteOutputException(String message) {
        super(message);
    }

    /**
     * @throws NonFiniteOutputException when {@code values} holds NaN or an infinity
     */
    static void check(float[] values, String signature, String output, Precision precision) {
        int bad = 0;
        int nan = 0;
        for (float v : values) {
            if (!Float.isFinite(v)) {
                bad++;
                if (Float.isNaN(v)) {
                    nan++;
                }
            }
        }
        if (bad > 0) {
            throw new NonFiniteOutputException("Output '" + output + "' of signature '" + signature + "' has " + bad
                    + " of " + values.length + " values not finite (" + nan + " NaN) with the model in " + precision
                    + (precision == Precision.FP32 ? "" : ": run it in fp32 (--precision fp32)"));
        }
    }
}
