package dev.facemask.job.testing;

import dev.facemask.inference.BatchPredictor;
import dev.facemask.inference.Prediction;
import dev.facemask.vision.preprocess.PreparedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A deterministic stand-in for the TensorFlow model, for plumbing tests: the probability of class 1
 * is the image's mean pixel value, the box is fixed, and Grad-CAM is a 4x4 grid of that mean.
 */
public final class FakePredictor implements BatchPredictor {

    public static final float[] BOX_XYWH = {0.25f, 0.25f, 0.5f, 0.5f};
    public static final int HEATMAP_SIZE = 4;

    /** Batch sizes seen, with a G suffix for Grad-CAM passes, across all instances in this JVM. */
    public static final List<String> CALLS = new CopyOnWriteArrayList<>();

    private final long delayMillis;
    private volatile boolean closed;

    public FakePredictor(long delayMillis) {
        this.delayMillis = delayMillis;
    }

    @Override
    public List<Prediction> predict(List<PreparedImage> images, boolean withGradCam) {
        if (closed) {
            throw new IllegalStateException("FakePredictor is closed");
        }
        CALLS.add(images.size() + (withGradCam ? "G" : ""));
        sleep();
        List<Prediction> out = new ArrayList<>(images.size());
        for (PreparedImage image : images) {
            float mean = mean(image.pixels());
            float[] heatmap = null;
            if (withGradCam) {
                heatmap = new float[HEATMAP_SIZE * HEATMAP_SIZE];
                java.util.Arrays.fill(heatmap, mean);
            }
            out.add(new Prediction(new float[] {1 - mean, mean}, BOX_XYWH.clone(), heatmap,
                    withGradCam ? HEATMAP_SIZE : 0));
        }
        return out;
    }

    private void sleep() {
        if (delayMillis > 0) {
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static float mean(float[] pixels) {
        double sum = 0;
        for (float p : pixels) {
            sum += p;
        }
        return (float) (sum / pixels.length);
    }

    @Override
    public void close() {
        closed = true;
    }
}
