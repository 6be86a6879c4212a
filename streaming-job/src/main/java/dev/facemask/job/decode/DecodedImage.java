package dev.facemask.job.decode;

import dev.facemask.vision.preprocess.DecodeSubsampling;
import dev.facemask.vision.preprocess.ModelSizedImage;
import java.awt.image.BufferedImage;

/**
 * A decoded image, the format its bytes were in, and the decode memory it holds: close it when done
 * with the pixels, so other frames may decode.
 *
 * @param image the pixels, upright; subsampled when decoded for a model ({@link DecodeSubsampling})
 * @param width displayed width of the full image, pixels
 * @param height displayed height of the full image, pixels
 * @param cost what decoding it was estimated to need, from its header
 * @param lease its share of the JVM's decode budget
 */
public record DecodedImage(BufferedImage image, int width, int height, ImageFormat format, DecodeCost cost,
        DecodeMemoryPool.Lease lease) implements AutoCloseable {

    /** The pixels with the full image's size, as the model's preprocessor takes them. */
    public ModelSizedImage forModel() {
        return new ModelSizedImage(image, width, height);
    }

    /** Gives the decode memory back to the pool; the image must not be used after. */
    @Override
    public void close() {
        lease.close();
    }
}
