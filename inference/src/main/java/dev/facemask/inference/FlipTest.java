package dev.facemask.inference;

import dev.facemask.vision.preprocess.PreparedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * CenterNet's flip test: the model also sees every image mirrored left to right, and the two passes'
 * centre scores and box sizes are averaged before decoding. The centre offsets come from the plain
 * pass alone, as in CenterNet: a mirrored offset is {@code 1 - dx} of another cell, and averaging the
 * two moves a centre that one pass placed well.
 *
 * <p>Maps are {@code grid x grid x channels}, row-major HWC, on the padded square model input, so
 * mirroring a map is mirroring its columns; the regression's channels are log width, log height,
 * x offset, y offset.
 */
final class FlipTest {
    private FlipTest() {}

    /** The batch followed by each of its images mirrored: twice as many, the originals first. */
    static List<PreparedImage> withMirrors(List<PreparedImage> images) {
        List<PreparedImage> out = new ArrayList<>(images);
        for (PreparedImage image : images) {
            out.add(new PreparedImage(mirror(image.pixels(), image.inputSize(), image.channels()), image.letterbox(),
                    image.channels()));
        }
        return out;
    }

    /** The centre scores of both passes averaged, the mirrored pass's mirrored back first. */
    static float[] mergeHeatmaps(float[] plain, float[] mirrored, int grid, int classes) {
        float[] back = mirror(mirrored, grid, classes);
        float[] out = new float[plain.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (plain[i] + back[i]) / 2;
        }
        return out;
    }

    /** Log sizes of both passes averaged (the mirrored pass's mirrored back); offsets from the plain pass. */
    static float[] mergeRegression(float[] plain, float[] mirrored, int grid) {
        float[] back = mirror(mirrored, grid, 4);
        float[] out = plain.clone();
        for (int cell = 0; cell < grid * grid; cell++) {
            out[cell * 4] = (plain[cell * 4] + back[cell * 4]) / 2;
            out[cell * 4 + 1] = (plain[cell * 4 + 1] + back[cell * 4 + 1]) / 2;
        }
        return out;
    }

    /** A {@code side x side x channels} HWC array with its columns in reverse order. */
    static float[] mirror(float[] hwc, int side, int channels) {
        if (hwc.length != side * side * channels) {
            throw new IllegalArgumentException("expected " + side + "x" + side + "x" + channels + " values, got " + hwc.length);
        }
        float[] out = new float[hwc.length];
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                System.arraycopy(hwc, (y * side + x) * channels, out, (y * side + side - 1 - x) * channels, channels);
            }
        }
        return out;
    }
}
