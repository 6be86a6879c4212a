package dev.facemask.job.decode;

import dev.facemask.job.deadletter.DeadLetters;
import dev.facemask.job.deadletter.Stage;
import dev.facemask.schema.Frame;
import dev.facemask.vision.preprocess.PreparedImage;
import dev.facemask.vision.preprocess.Preprocessor;
import java.nio.ByteBuffer;
import java.util.Objects;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The decode stage: untrusted image bytes to the model's input through {@link ImageDecodeStage},
 * with the model's own {@link Preprocessor} (built from its {@code model.json}). Refused images go
 * to {@link DeadLetters#TAG} with their kind and stage {@code decode}.
 */
public class ImagePreparer extends ProcessFunction<Frame, PreparedFrame> {

    private static final long serialVersionUID = 1L;

    private final ImageLimits limits;
    private final DecodeBudget budget;
    private final PreprocessorSource model;
    private transient ImageDecodeStage stage;

    /** With the {@link DecodeBudget#DEFAULT default decode budget}. */
    public ImagePreparer(ImageLimits limits, PreprocessorSource model) {
        this(limits, DecodeBudget.DEFAULT, model);
    }

    /**
     * @param budget decode memory per frame and per JVM: the instances of this operator in one
     *     TaskManager share its JVM-wide {@link DecodeMemoryPool}
     */
    public ImagePreparer(ImageLimits limits, DecodeBudget budget, PreprocessorSource model) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.budget = Objects.requireNonNull(budget, "budget");
        this.model = Objects.requireNonNull(model, "model");
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        stage = new ImageDecodeStage(limits, budget, model.preprocessor());
    }

    @Override
    public void processElement(Frame frame, Context ctx, Collector<PreparedFrame> out) throws InterruptedException {
        byte[] image = bytesOf(frame.getImage());
        try {
            out.collect(toPrepared(frame, image, stage.prepare(image)));
        } catch (ImageRejectedException e) {
            ctx.output(DeadLetters.TAG, DeadLetters.of(e.kind(), Stage.DECODE, frame.getCameraId(),
                    frame.getSequence(), image, e.getMessage(), e.getCause()));
        }
    }

    /**
     * The frame with its prepared pixels, as this stage emits it. Public, as {@link #bytesOf}, for
     * {@code detector bench stages}, which times each step of {@link #processElement} on its own.
     */
    public static PreparedFrame toPrepared(Frame frame, byte[] image, PreparedImage prepared) {
        PreparedFrame p = new PreparedFrame();
        p.cameraId = frame.getCameraId();
        p.sequence = frame.getSequence();
        p.captureTime = frame.getCaptureTime().toEpochMilli();
        p.sourceName = frame.getSourceName();
        p.image = image;
        p.originalWidth = prepared.letterbox().originalWidth();
        p.originalHeight = prepared.letterbox().originalHeight();
        p.inputSize = prepared.inputSize();
        p.channels = prepared.channels();
        p.pixels = prepared.pixels();
        return p;
    }

    /** The frame's image bytes, copied out of its buffer as {@link #processElement} does first. */
    public static byte[] bytesOf(ByteBuffer buffer) {
        if (buffer == null) {
            return new byte[0];
        }
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }
}
