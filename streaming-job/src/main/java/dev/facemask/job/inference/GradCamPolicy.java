package dev.facemask.job.inference;

import java.io.Serializable;
import java.util.Locale;
import java.util.Objects;

/**
 * Which frames get a Grad-CAM heatmap. Grad-CAM costs a second, heavier model pass, so it is run
 * only for the frames the policy selects. Parse from the command line with {@link #parse}:
 * {@code off}, {@code always}, {@code sample:<fraction>}, {@code class:<name>},
 * {@code below-confidence:<x>}.
 */
public sealed interface GradCamPolicy extends Serializable {

    /**
     * True when the choice depends only on the frame's identity, so it can be made before the
     * model runs; otherwise the model runs first and {@link #selects} sees its answer.
     */
    boolean decidedBeforePrediction();

    /**
     * @param label the predicted class name, or null before prediction
     * @param score the predicted class's probability, or NaN before prediction
     */
    boolean selects(String cameraId, long sequence, String label, float score);

    /** The same text {@link #parse} reads. */
    String spec();

    /** No heatmaps. */
    record Off() implements GradCamPolicy {
        public boolean decidedBeforePrediction() { return true; }
        public boolean selects(String cameraId, long sequence, String label, float score) { return false; }
        public String spec() { return "off"; }
    }

    /** A heatmap for every frame. */
    record Always() implements GradCamPolicy {
        public boolean decidedBeforePrediction() { return true; }
        public boolean selects(String cameraId, long sequence, String label, float score) { return true; }
        public String spec() { return "always"; }
    }

    /**
     * A deterministic sample: a frame is chosen when a hash of its camera id and sequence falls
     * below {@code fraction}, so replays and restarts choose the same frames.
     */
    record Sample(double fraction) implements GradCamPolicy {
        public Sample {
            if (!(fraction >= 0 && fraction <= 1)) {
                throw new IllegalArgumentException("Grad-CAM sample fraction must be in 0..1, was " + fraction);
            }
        }
        public boolean decidedBeforePrediction() { return true; }
        public boolean selects(String cameraId, long sequence, String label, float score) {
            return unitHash(cameraId, sequence) < fraction;
        }
        public String spec() { return "sample:" + fraction; }
    }

    /** Frames predicted as one class, by its name in {@code model.json}. */
    record ForClass(String label) implements GradCamPolicy {
        public ForClass {
            if (label == null || label.isBlank()) {
                throw new IllegalArgumentException("Grad-CAM class policy needs a class name: class:<name>");
            }
        }
        public boolean decidedBeforePrediction() { return false; }
        public boolean selects(String cameraId, long sequence, String predicted, float score) {
            return label.equals(predicted);
        }
        public String spec() { return "class:" + label; }
    }

    /** Frames whose predicted class has a probability strictly below {@code threshold}. */
    record BelowConfidence(double threshold) implements GradCamPolicy {
        public BelowConfidence {
            if (!(threshold >= 0 && threshold <= 1)) {
                throw new IllegalArgumentException("Grad-CAM confidence threshold must be in 0..1, was " + threshold);
            }
        }
        public boolean decidedBeforePrediction() { return false; }
        public boolean selects(String cameraId, long sequence, String label, float score) {
            return score < threshold;
        }
        public String spec() { return "below-confidence:" + threshold; }
    }

    /**
     * @throws IllegalArgumentException naming the bad text and listing the accepted forms
     */
    public static GradCamPolicy parse(String text) {
        Objects.requireNonNull(text, "Grad-CAM policy");
        String trimmed = text.trim();
        int colon = trimmed.indexOf(':');
        String kind = (colon < 0 ? trimmed : trimmed.substring(0, colon)).toLowerCase(Locale.ROOT);
        String arg = colon < 0 ? null : trimmed.substring(colon + 1).trim();
        try {
            GradCamPolicy policy = switch (kind) {
                case "off" -> arg == null ? new Off() : null;
                case "always" -> arg == null ? new Always() : null;
                case "sample" -> arg == null ? null : new Sample(Double.parseDouble(arg));
                case "class" -> arg == null ? null : new ForClass(arg);
                case "below-confidence" -> arg == null ? null : new BelowConfidence(Double.parseDouble(arg));
                default -> null;
            };
            if (policy != null) {
                return policy;
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(invalid(text, "'" + arg + "' is not a number"), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(invalid(text, e.getMessage()), e);
        }
        throw new IllegalArgumentException(invalid(text, null));
    }

    private static String invalid(String text, String why) {
        return "Invalid Grad-CAM policy '" + text + "'" + (why == null ? "" : ": " + why)
                + "; use off, always, sample:<fraction 0..1>, class:<name> or below-confidence:<0..1>";
    }

    /** A stable value in [0, 1) from a frame's identity: SplitMix64 over the camera id's hash and the sequence. */
    static double unitHash(String cameraId, long sequence) {
        long z = String.valueOf(cameraId).hashCode() * 0x9E3779B97F4A7C15L + sequence;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z = z ^ (z >>> 31);
        return (z >>> 11) * 0x1.0p-53;
    }
}
