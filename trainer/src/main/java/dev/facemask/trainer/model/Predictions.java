package dev.facemask.trainer.model;

/**
 * Outputs of the network for a batch of N images.
 *
 * @param probabilities [N][classes] softmax scores
 * @param boxes [N][4] as [x_min, y_min, w, h] normalised to the padded input
 */
public record Predictions(float[][] probabilities, float[][] boxes) {

    public int size() {
        return probabilities.length;
    }

    /** Index of the highest probability of image {@code i}. */
    public int predictedClass(int i) {
        float[] p = probabilities[i];
        int best = 0;
        for (int c = 1; c < p.length; c++) {
            if (p[c] > p[best]) {
                best = c;
            }
        }
        return best;
    }
}
