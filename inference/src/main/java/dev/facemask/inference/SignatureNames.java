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
    /** Tag set the exporter writes and the loader asks for. */
    public static final String TAG = "serve";

    private SignatureNames() {}
}
