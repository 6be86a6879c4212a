package dev.facemask.trainer.fit;

/** Bilinear reads of a square HWC float image, edge pixels repeated beyond its border. */
final class BilinearSampler {

    private final int side;
    private final int channels;

    BilinearSampler(int side, int channels) {
        this.side = side;
        this.channels = channels;
    }

    /** Writes every channel of {@code src} at pixel-centre coordinates (x, y) into {@code out} from {@code to}. */
    void sample(float[] src, double x, double y, float[] out, int to) {
        int x0 = (int) Math.floor(x);
        int y0 = (int) Math.floor(y);
        double fx = x - x0;
        double fy = y - y0;
        int xa = clamp(x0);
        int xb = clamp(x0 + 1);
        int ya = clamp(y0);
        int yb = clamp(y0 + 1);
        for (int c = 0; c < channels; c++) {
            double top = src[(ya * side + xa) * channels + c] * (1 - fx) + src[(ya * side + xb) * channels + c] * fx;
            double bottom = src[(yb * side + xa) * channels + c] * (1 - fx) + src[(yb * side + xb) * channels + c] * fx;
            out[to + c] = (float) (top * (1 - fy) + bottom * fy);
        }
    }

    private int clamp(int v) {
        return Math.max(0, Math.min(side - 1, v));
    }
}
