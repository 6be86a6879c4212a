package dev.facemask.vision.preprocess;

/** Channels of the model input. */
public enum ColorMode {
    RGB(3),
    GRAYSCALE(1);

    private final int channels;

    ColorMode(int channels) {
        this.channels = channels;
    }

    public int channels() {
        return channels;
    }

    public static ColorMode forChannels(int channels) {
        for (ColorMode m : values()) {
            if (m.channels == channels) {
                return m;
            }
        }
        throw new IllegalArgumentException("Unsupported channel count " + channels + ": use 1 (grayscale) or 3 (RGB)");
    }
}
