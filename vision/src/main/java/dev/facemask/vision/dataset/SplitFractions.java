package dev.facemask.vision.dataset;

/**
 * Shares of the images per split; they sum to 1. Train and val sizes are rounded down, test takes the rest.
 */
public record SplitFractions(double train, double val, double test) {

    /** The seed's 70/20/10: 1,292 images become 904 / 258 / 130. */
    public static final SplitFractions DEFAULT = new SplitFractions(0.7, 0.2, 0.1);

    public SplitFractions {
        if (train <= 0 || val < 0 || test < 0 || Math.abs(train + val + test - 1) > 1e-6) {
            throw new IllegalArgumentException("Split fractions must be non-negative, train positive, and sum to 1; were "
                    + train + "/" + val + "/" + test);
        }
    }

    /** Sizes of train, val and test for {@code n} images. */
    int[] sizes(int n) {
        // The epsilon keeps 0.7 * 1290 (= 902.9999...) from rounding down to 902.
        int nTrain = (int) Math.floor(n * train + 1e-9);
        int nVal = Math.min(n - nTrain, (int) Math.floor(n * val + 1e-9));
        return new int[] {nTrain, nVal, n - nTrain - nVal};
    }
}
