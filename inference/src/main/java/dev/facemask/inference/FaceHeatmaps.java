package dev.facemask.inference;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;

/**
 * The dense head's per-face Grad-CAM outputs of one batch, {@code face_heatmaps} [N, k, h, w] and
 * {@code face_peaks} [N, k], looked up by the peak a decoded face came from. A model exported
 * before these outputs existed reads as {@link #NONE}.
 */
final class FaceHeatmaps {

    static final FaceHeatmaps NONE = new FaceHeatmaps(new float[0], new int[0], 0, 0);

    private final float[] maps;
    private final int[] peaks;
    private final int perImage;
    private final int cells;

    private FaceHeatmaps(float[] maps, int[] peaks, int perImage, int cells) {
        this.maps = maps;
        this.peaks = peaks;
        this.perImage = perImage;
        this.cells = cells;
    }

    static FaceHeatmaps read(NDList outputs, String signature, int n) {
        NDArray maps = outputs.get(SignatureNames.OUTPUT_FACE_HEATMAPS);
        NDArray peaks = outputs.get(SignatureNames.OUTPUT_FACE_PEAKS);
        if (maps == null || peaks == null) {
            return NONE;
        }
        long[] shape = maps.getShape().getShape();
        long[] peakShape = peaks.getShape().getShape();
        if (shape.length != 4 || shape[0] != n || peakShape.length != 2 || peakShape[0] != n
                || peakShape[1] != shape[1]) {
            throw new InvalidModelException("Outputs '" + SignatureNames.OUTPUT_FACE_HEATMAPS + "' "
                    + maps.getShape() + " and '" + SignatureNames.OUTPUT_FACE_PEAKS + "' " + peaks.getShape()
                    + " of signature '" + signature + "' are not [N, k, h, w] and [N, k] for " + n + " images");
        }
        return new FaceHeatmaps(maps.toType(DataType.FLOAT32, false).toFloatArray(),
                peaks.toType(DataType.INT32, false).toIntArray(), (int) shape[1], (int) (shape[2] * shape[3]));
    }

    /** The map of image {@code image}'s peak {@code peak}, or null when the model did not explain it. */
    float[] of(int image, int peak) {
        for (int slot = 0; slot < perImage; slot++) {
            if (peaks[image * perImage + slot] == peak) {
                float[] out = new float[cells];
                System.arraycopy(maps, (image * perImage + slot) * cells, out, 0, cells);
                return out;
            }
        }
        return null;
    }
}
