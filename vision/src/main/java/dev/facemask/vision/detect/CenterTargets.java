package dev.facemask.vision.detect;

import dev.facemask.vision.dataset.Annotation;
import dev.facemask.vision.geometry.Box;
import java.util.List;

/**
 * The dense head's training targets for one image, the exact inverse of {@link CenterDecoder}: a
 * Gaussian bump per face on its class's heatmap channel (CenterNet's radius rule), and around the
 * face's centre its log size and the centre's offset from each cell, weighted by the same Gaussian.
 *
 * <p>CenterNet regresses at the centre cell only. Then a peak that lands one cell off, as it does
 * early in training and on small faces, reads an untrained size: on synthetic scenes the decoded
 * boxes were 5x too narrow while the losses fell. Regressing over the Gaussian's area (as TTFNet
 * does) gives every cell near a centre the box, so such a peak still decodes it.
 *
 * <pre>{@code
 * CenterTargets t = CenterTargets.encode(faces, 48, 3);  // faces with boxes in the padded input
 * }</pre>
 *
 * @param heatmap {@code grid x grid x classes} floats in 0..1, exactly 1 at each face's centre cell
 * @param regression {@code grid x grid x 4}: log width, log height (in cells), and the face centre's x
 *     and y offset from the cell's corner (in cells; 0..1 at the centre cell, beyond it around it)
 * @param regressionMask {@code grid x grid}: the weight of each cell's box, 1 at a face's centre cell,
 *     the Gaussian's value around it, 0 away from faces
 * @param faces faces encoded (those whose centre falls inside the grid)
 */
public record CenterTargets(float[] heatmap, float[] regression, float[] regressionMask, int faces) {

    /** CenterNet's minimum IoU a box shifted within the radius still has with the truth. */
    private static final double MIN_OVERLAP = 0.7;
    /** A face narrower than this many cells is encoded at this size, so that its log stays finite. */
    private static final double MIN_SIZE_CELLS = 0.25;

    /**
     * @param faces class ids with boxes normalised to the padded model input
     * @param grid side of the output grid
     * @param classes number of classes (heatmap channels)
     */
    public static CenterTargets encode(List<Annotation> faces, int grid, int classes) {
        float[] heatmap = new float[grid * grid * classes];
        float[] regression = new float[grid * grid * 4];
        float[] mask = new float[grid * grid];
        int encoded = 0;
        for (Annotation face : faces) {
            Box b = face.box();
            double cx = b.centerX() * grid;
            double cy = b.centerY() * grid;
            int col = (int) Math.floor(cx);
            int row = (int) Math.floor(cy);
            if (col < 0 || row < 0 || col >= grid || row >= grid || face.classId() >= classes) {
                continue;
            }
            double w = Math.max(MIN_SIZE_CELLS, b.width() * grid);
            double h = Math.max(MIN_SIZE_CELLS, b.height() * grid);
            int radius = radius(w, h);
            drawGaussian(heatmap, grid, classes, face.classId(), col, row, radius);
            drawBox(regression, mask, grid, col, row, Math.max(1, radius), cx, cy, w, h);
            encoded++;
        }
        return new CenterTargets(heatmap, regression, mask, encoded);
    }

    /**
     * CenterNet's {@code gaussian_radius}: the largest corner shift that keeps IoU at least
     * {@link #MIN_OVERLAP} in the worst of its three cases, at least 0.
     */
    static int radius(double w, double h) {
        double b1 = h + w;
        double c1 = w * h * (1 - MIN_OVERLAP) / (1 + MIN_OVERLAP);
        double r1 = (b1 + Math.sqrt(b1 * b1 - 4 * c1)) / 2;
        double b2 = 2 * (h + w);
        double c2 = (1 - MIN_OVERLAP) * w * h;
        double r2 = (b2 + Math.sqrt(b2 * b2 - 16 * c2)) / 2;
        double a3 = 4 * MIN_OVERLAP;
        double b3 = -2 * MIN_OVERLAP * (h + w);
        double c3 = (MIN_OVERLAP - 1) * w * h;
        double r3 = (b3 + Math.sqrt(b3 * b3 - 4 * a3 * c3)) / 2;
        return Math.max(0, (int) Math.min(r1, Math.min(r2, r3)));
    }

    /**
     * Writes the box into every cell within {@code radius} whose Gaussian weight beats what the cell
     * holds, so where faces overlap each cell keeps the face it is most central to.
     */
    private static void drawBox(float[] regression, float[] mask, int grid, int col, int row, int radius, double cx,
            double cy, double w, double h) {
        double sigma = (2 * radius + 1) / 6.0;
        for (int y = Math.max(0, row - radius); y <= Math.min(grid - 1, row + radius); y++) {
            for (int x = Math.max(0, col - radius); x <= Math.min(grid - 1, col + radius); x++) {
                int dx = x - col;
                int dy = y - row;
                float weight = (float) Math.exp(-(dx * dx + dy * dy) / (2 * sigma * sigma));
                int cell = y * grid + x;
                if (weight > mask[cell]) {
                    mask[cell] = weight;
                    regression[cell * 4] = (float) Math.log(w);
                    regression[cell * 4 + 1] = (float) Math.log(h);
                    regression[cell * 4 + 2] = (float) (cx - x);
                    regression[cell * 4 + 3] = (float) (cy - y);
                }
            }
        }
    }

    /** Writes max(current, exp(-d^2 / 2 sigma^2)) within {@code radius} cells, sigma = (2r + 1) / 6. */
    private static void drawGaussian(float[] heatmap, int grid, int classes, int c, int col, int row, int radius) {
        double sigma = (2 * radius + 1) / 6.0;
        for (int y = Math.max(0, row - radius); y <= Math.min(grid - 1, row + radius); y++) {
            for (int x = Math.max(0, col - radius); x <= Math.min(grid - 1, col + radius); x++) {
                int dx = x - col;
                int dy = y - row;
                float v = (float) Math.exp(-(dx * dx + dy * dy) / (2 * sigma * sigma));
                int i = (y * grid + x) * classes + c;
                heatmap[i] = Math.max(heatmap[i], v);
            }
        }
    }
}
