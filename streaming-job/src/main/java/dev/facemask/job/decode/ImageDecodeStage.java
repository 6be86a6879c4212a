package dev.facemask.job.decode;

import dev.facemask.schema.ErrorKind;
import dev.facemask.vision.preprocess.PreparedImage;
import dev.facemask.vision.preprocess.Preprocessor;
import java.util.Objects;

/**
 * One untrusted image to the model's input: {@link SafeImageDecoder}'s checks and decoding, then the
 * model's own {@link Preprocessor}. This is what {@link ImagePreparer} runs for each frame, without
 * Flink, so a test can drive exactly the job's decode path.
 *
 * <p>Thread-safe when the preprocessor is (the project's {@link Preprocessor} is).
 */
public final class ImageDecodeStage {

    private final SafeImageDecoder decoder;
    private final Preprocessor preprocessor;

    /** With the {@link DecodeBudget#DEFAULT default decode budget}. */
    public ImageDecodeStage(ImageLimits limits, Preprocessor preprocessor) {
        this(limits, DecodeBudget.DEFAULT, preprocessor);
    }

    public ImageDecodeStage(ImageLimits limits, DecodeBudget budget, Preprocessor preprocessor) {
        this.decoder = new SafeImageDecoder(limits, budget);
        this.preprocessor = Objects.requireNonNull(preprocessor, "preprocessor");
    }

    /**
     * @return float32 pixels of shape (inputSize, inputSize, channels), with the letterbox that holds
     *     the original width and height
     * @throws ImageRejectedException with the dead-letter kind: every failure of decoding or
     *     preprocessing ends here, never as another exception
     * @throws InterruptedException when interrupted while waiting for decode memory (the task is cancelled)
     */
    public PreparedImage prepare(byte[] image) throws ImageRejectedException, InterruptedException {
        // The decode memory is held until the preprocessor's copies are done too.
        try (DecodedImage decoded = decoder.decode(image, preprocessor.inputSize())) {
            return preprocessor.prepare(decoded.forModel());
        } catch (RuntimeException e) {
            // For example a colour model Java2D cannot draw.
            throw new ImageRejectedException(ErrorKind.CORRUPT_IMAGE, "Cannot preprocess: " + e.getMessage(), e);
        }
    }
}
