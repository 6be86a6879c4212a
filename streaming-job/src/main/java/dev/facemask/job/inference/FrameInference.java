package dev.facemask.job.inference;

import dev.facemask.inference.BatchPredictor;
import dev.facemask.inference.Prediction;
import dev.facemask.job.decode.PreparedFrame;
import dev.facemask.schema.Detection;
import dev.facemask.vision.model.ModelMetadata;
import dev.facemask.vision.preprocess.PreparedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Runs one batch of frames through the model and applies the Grad-CAM policy. Plain Java, no
 * Flink: the {@link MicroBatcher}'s batch function.
 *
 * <p>Grad-CAM needs the {@code gradcam} signature, a heavier pass. When the policy decides from
 * the frame alone ({@code always}, {@code sample}), each frame runs once, in the pass it needs;
 * when it needs the answer ({@code class}, {@code below-confidence}), all frames run the plain pass
 * and the selected ones run again with Grad-CAM.
 */
public final class FrameInference {

    private final BatchPredictor predictor;
    private final ModelMetadata metadata;
    private final GradCamPolicy policy;
    private final DetectionFactory detections;

    public FrameInference(BatchPredictor predictor, ModelMetadata metadata, GradCamPolicy policy) {
        this.predictor = Objects.requireNonNull(predictor, "predictor");
        this.metadata = Objects.requireNonNull(metadata, "metadata");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.detections = new DetectionFactory(metadata);
    }

    /** One detection per frame, in order. */
    public List<Detection> run(List<PreparedFrame> frames) {
        long start = System.nanoTime();
        Prediction[] predictions = policy.decidedBeforePrediction() ? predictOnce(frames) : predictThenExplain(frames);
        float millis = (System.nanoTime() - start) / 1e6f;
        List<Detection> out = new ArrayList<>(frames.size());
        for (int i = 0; i < frames.size(); i++) {
            out.add(detections.create(frames.get(i), predictions[i], millis, frames.size()));
        }
        return out;
    }

    private Prediction[] predictOnce(List<PreparedFrame> frames) {
        List<Integer> selected = new ArrayList<>();
        List<Integer> plain = new ArrayList<>();
        for (int i = 0; i < frames.size(); i++) {
            PreparedFrame f = frames.get(i);
            (policy.selects(f.cameraId, f.sequence, null, Float.NaN) ? selected : plain).add(i);
        }
        Prediction[] out = new Prediction[frames.size()];
        predictInto(out, frames, plain, false);
        predictInto(out, frames, selected, true);
        return out;
    }

    private Prediction[] predictThenExplain(List<PreparedFrame> frames) {
        Prediction[] out = new Prediction[frames.size()];
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < frames.size(); i++) {
            all.add(i);
        }
        predictInto(out, frames, all, false);
        List<Integer> selected = new ArrayList<>();
        for (int i = 0; i < frames.size(); i++) {
            PreparedFrame f = frames.get(i);
            int classId = out[i].classId();
            if (policy.selects(f.cameraId, f.sequence, metadata.classLabel(classId), out[i].score())) {
                selected.add(i);
            }
        }
        predictInto(out, frames, selected, true);
        return out;
    }

    private void predictInto(Prediction[] out, List<PreparedFrame> frames, List<Integer> indices, boolean gradCam) {
        if (indices.isEmpty()) {
            return;
        }
        List<PreparedImage> images = new ArrayList<>(indices.size());
        indices.forEach(i -> images.add(frames.get(i).toPreparedImage()));
        List<Prediction> predictions = predictor.predict(images, gradCam);
        if (predictions.size() != images.size()) {
            throw new IllegalStateException("Model returned " + predictions.size() + " predictions for "
                    + images.size() + " images");
        }
        for (int k = 0; k < indices.size(); k++) {
            out[indices.get(k)] = predictions.get(k);
        }
    }
}
