package dev.facemask.inference;

/**
 * The SavedModel contract between the trainer's exporter and every reader. Outputs are read by
 * name, never by position: DJL sorts outputs by signature key.
 */
public final class SignatureNames {
    /** Signature: images float32 [N,H,W,C] to probabilities [N,classes] and boxes [N,4]. */
    public static final String SERVING = "serving_default";
    /** Signature: images to heatmap [N,h,w] in 0..1 for the predicted class, plus probabilities and boxes. */
    public static final String GRADCAM = "gradcam";
    public static final String INPUT_IMAGES = "images";
    public static final String OUTPUT_PROBABILITIES = "probabilities";
    public static final String OUTPUT_BOXES = "boxes";
    public static final String OUTPUT_HEATMAP = "heatmap";
    /**
     * Dense head only: per-class centre scores in 0..1, [N, g, g, classes]. With it the
     * {@code probabilities} and {@code boxes} outputs describe the single strongest face.
     */
    public static final String OUTPUT_CENTRES = "centres";
    /** Dense head only: per cell {@code [log w, log h, dx, dy]} in grid cells, [N, g, g, 4]. */
    public static final String OUTPUT_BOX_REGRESSION = "box_regression";
    /**
     * Dense head, {@code gradcam} signature only: Grad-CAM of the strongest centre peaks, [N, k, h, w]
     * in 0..1; k is fixed at export. Models exported before it lack it.
     */
    public static final String OUTPUT_FACE_HEATMAPS = "face_heatmaps";
    /**
     * Dense head, {@code gradcam} signature only: int32 [N, k], the peak each map of
     * {@link #OUTPUT_FACE_HEATMAPS} explains, as {@code cell * classes + class} of the centre grid.
     */
    public static final String OUTPUT_FACE_PEAKS = "face_peaks";
    /** Tag set the exporter writes and the loader asks for. */
    public static final String TAG = "serve";

    private SignatureNames() {}
}
