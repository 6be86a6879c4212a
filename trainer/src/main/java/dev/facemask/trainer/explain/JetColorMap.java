package dev.facemask.trainer.explain;

/** Matplotlib-style jet colours: 0 is dark blue, 0.5 green-yellow, 1 dark red. */
public final class JetColorMap {

    private JetColorMap() {}

    /** Packed 0xRRGGBB for a value in 0..1 (clamped). */
    public static int rgb(double value) {
        double v = Math.max(0, Math.min(1, value));
        int r = channel(1.5 - Math.abs(4 * v - 3));
        int g = channel(1.5 - Math.abs(4 * v - 2));
        int b = channel(1.5 - Math.abs(4 * v - 1));
        return (r << 16) | (g << 8) | b;
    }

    private static int channel(double v) {
        return (int) Math.round(255 * Math.max(0, Math.min(1, v)));
    }
}
