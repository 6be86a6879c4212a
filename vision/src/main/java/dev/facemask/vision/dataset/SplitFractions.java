package dev.facemask.vision.dataset;

/**
 * Shares of the images per split; they sum to 1. Train and val sizes are rounded to the nearest
 * image, test takes the rest.
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
        int nTrain = (int) Math.round(n * train);
        int nVal = (int) Math.min(n - nTrain, Math.round(n * val));
        return new int[] {nTrain, nVal, n - nTrain - nVal};
    }
}
