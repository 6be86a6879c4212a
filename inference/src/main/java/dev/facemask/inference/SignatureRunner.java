package dev.facemask.inference;

import dev.facemask.vision.detect.CenterDecoder;
import dev.facemask.vision.detect.DetectedFace;
import dev.facemask.vision.detect.PeakFace;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.tensorflow.engine.TfSymbolBlock;
import ai.djl.training.ParameterStore;
import dev.facemask.vision.preprocess.PreparedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one signature of a loaded SavedModel on a batch and reads its outputs by name.
 *
 * <p>Every NDArray of a call lives in a sub-manager of the model's manager that the call closes:
 * TensorFlow keeps native memory until its tensors are freed.
 */
final class SignatureRunner {

    private final String signature;
    private final TfSymbolBlock block;
    private final NDManager modelManager;
    private final boolean withHeatmap;
    /** Decodes the dense head's maps; null for a single-head model. */
    private final CenterDecoder decoder;
    /** Named when an output is not finite. */
    private final Precision precision;
    private final InputStaging staging = new InputStaging();

    SignatureRunner(String signature, TfSymbolBlock block, NDManager modelManager, boolean withHeatmap,
            CenterDecoder decoder, Precision precision) {
        this.signature = signature;
        this.precision = precision;
        this.block = block;
        this.modelManager = modelManager;
        this.withHeatmap = withHeatmap;
        this.decoder = decoder;
    }

    String signature() {
        return signature;
    }

    /**
     * One forward pass over the whole batch; images are already checked for equal shape.
     *
     * @throws NonFiniteOutputException when an output read holds NaN or an infinity
     */
    List<Prediction> run(List<PreparedImage> images) {
        int n = images.size();
        boolean flip = decoder != null && decoder.options().flipTest();
        List<PreparedImage> batch = flip ? FlipTest.withMirrors(images) : images;
        int m = batch.size();
        try (NDManager manager = modelManager.newSubManager()) {
            NDArray input = input(manager, batch);
            NDList outputs = block.forward(new ParameterStore(manager, false), new NDList(input), false);
            float[] probabilities = read(outputs, SignatureNames.OUTPUT_PROBABILITIES); // [M, classes]
            float[] boxes = read(outputs, SignatureNames.OUTPUT_BOXES); // [M, 4] xywh
            float[] heatmaps = withHeatmap ? read(outputs, SignatureNames.OUTPUT_HEATMAP) : null; // [M, h, w]
            // With the flip test the mirrored images follow the originals; their single-face outputs are not used.
            List<Prediction> single = split(m, probabilities, boxes, heatmaps).subList(0, n);
            return decoder == null ? single : withFaces(single, outputs, m);
        }
    }

    /**
     * The batch as the model's input tensor, in {@code manager}: the images stacked into this thread's
     * staging buffer, then copied into a TensorFlow tensor. Also run alone by {@link SavedModelPredictor#copyInput}.
     */
    NDArray input(NDManager manager, List<PreparedImage> images) {
        PreparedImage first = images.get(0);
        int size = first.inputSize();
        // float32 [N, H, W, C], HWC per image as the Preprocessor lays it out.
        NDArray input = manager.create(staging.stack(images), new Shape(images.size(), size, size, first.channels()),
                DataType.FLOAT32);
        input.setName(SignatureNames.INPUT_IMAGES);
        return input;
    }

    /**
     * Adds the dense head's decoded faces: centres [M, g, g, classes] and box_regression [M, g, g, 4],
     * where M is the number of images run: N, or 2N with the flip test (the mirrored images after the
     * originals, merged into them before decoding).
     */
    private List<Prediction> withFaces(List<Prediction> single, NDList outputs, int m) {
        NDArray centres = outputs.get(SignatureNames.OUTPUT_CENTRES);
        float[] heat = read(outputs, SignatureNames.OUTPUT_CENTRES);
        float[] regression = read(outputs, SignatureNames.OUTPUT_BOX_REGRESSION);
        int n = single.size();
        boolean flip = m != n;
        int grid = (int) centres.getShape().get(1);
        int classes = (int) centres.getShape().get(3);
        int perHeat = grid * grid * classes;
        int perBox = grid * grid * 4;
        if (heat.length != m * perHeat || regression.length != m * perBox) {
            throw new InvalidModelException("Outputs '" + SignatureNames.OUTPUT_CENTRES + "' and '"
                    + SignatureNames.OUTPUT_BOX_REGRESSION + "' of signature '" + signature + "' do not match a "
                    + grid + "x" + grid + " grid of " + classes + " classes for " + m + " images");
        }
        FaceHeatmaps cams = withHeatmap ? FaceHeatmaps.read(outputs, signature, m) : FaceHeatmaps.NONE;
        List<Prediction> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Prediction p = single.get(i);
            float[] h = slice(heat, i * perHeat, perHeat);
            float[] r = slice(regression, i * perBox, perBox);
            if (flip) {
                h = FlipTest.mergeHeatmaps(h, slice(heat, (n + i) * perHeat, perHeat), grid, classes);
                r = FlipTest.mergeRegression(r, slice(regression, (n + i) * perBox, perBox), grid);
            }
            List<PeakFace> decoded = decoder.decodePeaks(h, r, grid, classes);
            List<DetectedFace> faces = new ArrayList<>(decoded.size());
            List<float[]> faceMaps = new ArrayList<>(decoded.size());
            for (PeakFace f : decoded) {
                faces.add(f.face());
                faceMaps.add(cams.of(i, f.peak()));
            }
            out.add(new Prediction(p.probabilities(), p.boxXywh(), p.heatmap(), p.heatmapSize(), faces, faceMaps));
        }
        return out;
    }

    private float[] read(NDList outputs, String name) {
        NDArray array = outputs.get(name);
        if (array == null) {
            throw new InvalidModelException("Signature '" + signature + "' returned no output '" + name + "'");
        }
        float[] values = array.toType(DataType.FLOAT32, false).toFloatArray();
        NonFiniteOutputException.check(values, signature, name, precision);
        return values;
    }

    private List<Prediction> split(int n, float[] probabilities, float[] boxes, float[] heatmaps) {
        checkDivisible(probabilities.length, n, SignatureNames.OUTPUT_PROBABILITIES);
        if (boxes.length != 4 * n) {
            throw new InvalidModelException("Output '" + SignatureNames.OUTPUT_BOXES + "' of signature '" + signature
                    + "' has " + boxes.length + " values for " + n + " images; expected [N, 4]");
        }
        int classes = probabilities.length / n;
        int cells = 0;
        int side = 0;
        if (heatmaps != null) {
            checkDivisible(heatmaps.length, n, SignatureNames.OUTPUT_HEATMAP);
            cells = heatmaps.length / n;
            side = (int) Math.round(Math.sqrt(cells));
            if (side * side != cells) {
                throw new InvalidModelException("Output '" + SignatureNames.OUTPUT_HEATMAP + "' is not a square grid: "
                        + cells + " values per image");
            }
        }
        List<Prediction> result = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            float[] p = slice(probabilities, i * classes, classes);
            float[] b = slice(boxes, i * 4, 4);
            float[] h = heatmaps == null ? null : slice(heatmaps, i * cells, cells);
            result.add(new Prediction(p, b, h, side));
        }
        return result;
    }

    private void checkDivisible(int length, int n, String name) {
        if (length == 0 || length % n != 0) {
            throw new InvalidModelException("Output '" + name + "' of signature '" + signature + "' has " + length
                    + " values, not a multiple of the batch size " + n);
        }
    }

    private static float[] slice(float[] all, int from, int length) {
        float[] out = new float[length];
        System.arraycopy(all, from, out, 0, length);
        return out;
    }
}
