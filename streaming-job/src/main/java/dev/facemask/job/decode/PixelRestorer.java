package dev.facemask.job.decode;

import dev.facemask.vision.preprocess.PreparedImage;
import java.io.Serializable;
import java.util.Objects;

/**
 * Prepares a frame's pixels again from its image bytes, for frames read back from a checkpoint
 * without them ({@link PixelsSerializer}). The same {@link ImageDecodeStage} as the decode stage,
 * with the same limits, so the pixels are the ones it made.
 */
public final class PixelRestorer implements Serializable {

    private static final long serialVersionUID = 1L;

    private final ImageLimits limits;
    private final DecodeBudget budget;
    private final PreprocessorSource model;
    private transient ImageDecodeStage stage;

    public PixelRestorer(ImageLimits limits, DecodeBudget budget, PreprocessorSource model) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.budget = Objects.requireNonNull(budget, "budget");
        this.model = Objects.requireNonNull(model, "model");
    }

    /**
     * Fills in {@code frame.pixels} when they are missing; a frame that has them is left alone.
     *
     * @throws ImageRejectedException if the image no longer decodes within the limits
     */
    public void restore(PreparedFrame frame) throws ImageRejectedException, InterruptedException {
        if (frame.pixels != null) {
            return;
        }
        if (stage == null) {
            stage = new ImageDecodeStage(limits, budget, model.preprocessor());
        }
        PreparedImage prepared = stage.prepare(frame.image);
        frame.pixels = prepared.pixels();
    }
}
