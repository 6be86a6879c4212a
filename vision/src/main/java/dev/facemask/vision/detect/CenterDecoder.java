package dev.facemask.vision.detect;

import dev.facemask.vision.geometry.Box;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Decodes the dense head's output maps of one image into faces: 3x3 peak picking per class (the
 * max-pool suppression of CenterNet), a score threshold, top-K, and class-agnostic non-maximum
 * suppression. Pure Java, so that the trainer and the streaming job decode alike.
 *
 * <pre>{@code
 * List<DetectedFace> faces = new CenterDecoder(DecodeOptions.DEFAULTS).decode(heatmap, regression, grid, classes);
 * }</pre>
 */
public final class CenterDecoder {

    /** Largest log-size accepted from the model, so that a wild output cannot overflow {@code exp}. */
    private static final float MAX_LOG_SIZE = 8f;

    private final DecodeOptions options;

    public CenterDecoder(DecodeOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    /** The options this decoder was made with; the flip test among them is the model runner's to apply. */
    public DecodeOptions options() {
        return options;
    }

    /**
     * @param heatmap centre scores in 0..1, {@code grid x grid x classes} floats, row-major HWC
     * @param regression {@code grid x grid x 4} floats: log width and log height in cells, then the
     *     centre's x and y offset within the cell, in cells
     * @param grid side of the output grid
     * @param classes number of classes
     * @return faces, highest score first, with boxes normalised to the padded model input
     */
    public List<DetectedFace> decode(float[] heatmap, float[] regression, int grid, int classes) {
        return decodePeaks(heatmap, regression, grid, classes).stream().map(PeakFace::face).toList();
    }

    /**
     * As {@link #decode}, with each face's peak index ({@code cell * classes + class}), by which the
     * exported graph's per-face outputs are keyed.
     */
    public List<PeakFace> decodePeaks(float[] heatmap, float[] regression, int grid, int classes) {
        checkLength("heatmap", heatmap, grid * grid * classes);
        checkLength("regression", regression, grid * grid * 4);
        List<int[]> peaks = new ArrayList<>();  // {cell, class}
        for (int cell = 0; cell < grid * grid; cell++) {
            for (int c = 0; c < classes; c++) {
                float v = heatmap[cell * classes + c];
                if (v >= options.scoreThreshold() && isPeak(heatmap, grid, classes, cell, c, v)) {
                    peaks.add(new int[] {cell, c});
                }
            }
        }
        // Ties keep grid order (row-major, then class), so the result does not depend on the sort.
        peaks.sort(Comparator.comparingDouble((int[] p) -> -heatmap[p[0] * classes + p[1]]));
        List<PeakFace> kept = new ArrayList<>();
        for (int[] p : peaks) {
            if (kept.size() == options.topK()) {
                break;
            }
            DetectedFace face = face(heatmap, regression, grid, classes, p[0], p[1]);
            if (!overlapsKept(face, kept)) {
                kept.add(new PeakFace(p[0] * classes + p[1], face));
            }
        }
        return kept;
    }

    private boolean overlapsKept(DetectedFace face, List<PeakFace> kept) {
        boolean byIou = options.nmsIou() < 1;
        boolean byContainment = options.nmsContainment() < 1;
        for (PeakFace k : kept) {
            Box stronger = k.face().box();
            if (byIou && stronger.iou(face.box()) >= options.nmsIou()
                    || byContainment && face.box().shareInside(stronger) >= options.nmsContainment()) {
                return true;
            }
        }
        return false;
    }

    /** True when no 8-neighbour of the same class scores higher: a 3x3 max-pool leaves the value unchanged. */
    private static boolean isPeak(float[] heatmap, int grid, int classes, int cell, int c, float v) {
        int row = cell / grid;
        int col = cell % grid;
        for (int dy = -1; dy <= 1; dy++) {
            for (int dx = -1; dx <= 1; dx++) {
                int y = row + dy;
                int x = col + dx;
                if ((dx != 0 || dy != 0) && y >= 0 && y < grid && x >= 0 && x < grid
                        && heatmap[(y * grid + x) * classes + c] > v) {
                    return false;
                }
            }
        }
        return true;
    }

    private DetectedFace face(float[] heatmap, float[] regression, int grid, int classes, int cell, int c) {
        int row = cell / grid;
        int col = cell % grid;
        int radius = options.voteRadius();
        // Box voting: every cell around a centre was trained to regress the same face, so their boxes,
        // weighted by their scores, average out some of one cell's error. Radius 0 reads the peak alone.
        double weight = 0;
        double[] sum = new double[4];  // x min, y min, x max, y max
        for (int y = Math.max(0, row - radius); y <= Math.min(grid - 1, row + radius); y++) {
            for (int x = Math.max(0, col - radius); x <= Math.min(grid - 1, col + radius); x++) {
                int n = y * grid + x;
                double w = n == cell ? Math.max(heatmap[n * classes + c], Float.MIN_NORMAL) : heatmap[n * classes + c];
                if (w > 0) {
                    Box b = cellBox(regression, grid, n);
                    sum[0] += w * b.xMin();
                    sum[1] += w * b.yMin();
                    sum[2] += w * b.xMax();
                    sum[3] += w * b.yMax();
                    weight += w;
                }
            }
        }
        float[] scores = new float[classes];
        System.arraycopy(heatmap, cell * classes, scores, 0, classes);
        return new DetectedFace(c, heatmap[cell * classes + c], scores,
                new Box(sum[0] / weight, sum[1] / weight, sum[2] / weight, sum[3] / weight));
    }

    /** The box the regression at {@code cell} decodes, normalised to the padded model input. */
    private static Box cellBox(float[] regression, int grid, int cell) {
        int r = cell * 4;
        double w = Math.exp(Math.min(MAX_LOG_SIZE, regression[r])) / grid;
        double h = Math.exp(Math.min(MAX_LOG_SIZE, regression[r + 1])) / grid;
        double cx = (cell % grid + regression[r + 2]) / grid;
        double cy = (cell / grid + regression[r + 3]) / grid;
        return Box.fromCenter(cx, cy, w, h);
    }

    private static void checkLength(String name, float[] values, int expected) {
        if (Objects.requireNonNull(values, name).length != expected) {
            throw new IllegalArgumentException(name + " has " + values.length + " floats, expected " + expected);
        }
    }
}
