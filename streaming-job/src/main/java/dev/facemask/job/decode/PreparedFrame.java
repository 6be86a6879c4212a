package dev.facemask.job.decode;

import dev.facemask.vision.preprocess.Letterbox;
import dev.facemask.vision.preprocess.PreparedImage;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * A frame whose image was decoded and preprocessed, ready for the model. A Flink POJO (public
 * fields, no-argument constructor) so Flink serializes it without Kryo.
 *
 * <p>It keeps the original image bytes, so an inference failure can still dead-letter them.
 */
public class PreparedFrame {

    public String cameraId;
    public long sequence;
    /** Epoch milliseconds. */
    public long captureTime;
    /** Null when the producer gave none. */
    public String sourceName;
    /** The encoded image as received. */
    public byte[] image;
    public int originalWidth;
    public int originalHeight;
    /** Side of the square model input, pixels. */
    public int inputSize;
    public int channels;
    /**
     * float32 in 0..1, shape (inputSize, inputSize, channels), row-major HWC. Null in a frame read back
     * from a checkpoint: snapshots leave the pixels out, and {@link PixelRestorer} prepares them again.
     */
    @TypeInfo(PixelsTypeInfo.Factory.class)
    public float[] pixels;

    public PreparedFrame() {}

    /** The model input, with the letterbox that maps boxes back to the original frame. */
    public PreparedImage toPreparedImage() {
        return new PreparedImage(pixels, letterbox(), channels);
    }

    public Letterbox letterbox() {
        return new Letterbox(originalWidth, originalHeight, inputSize);
    }

    @Override
    public String toString() {
        return "PreparedFrame[" + cameraId + "#" + sequence + ", " + originalWidth + "x" + originalHeight + "]";
    }
}
