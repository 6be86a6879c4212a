package dev.facemask.trainer.evaluate;

import dev.facemask.inference.BatchPredictor;
import dev.facemask.inference.Prediction;
import dev.facemask.vision.dataset.ImageFiles;
import dev.facemask.vision.preprocess.ModelSizedImage;
import dev.facemask.vision.geometry.Box;
import dev.facemask.vision.preprocess.Letterbox;
import dev.facemask.vision.preprocess.PreparedImage;
import dev.facemask.vision.preprocess.Preprocessor;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.IntConsumer;

/**
 * Runs a model over labelled test images in batches and pairs each answer with the truth on the
 * original frame. Images that cannot be read are skipped and named, not fatal.
 */
public final class Evaluator {

    private final BatchPredictor predictor;
    private final Preprocessor preprocessor;
    private final int batchSize;
    private final IouConvention iouConvention;

    /**
     * @param predictor the model under test
     * @param preprocessor the model's own preprocessing ({@code ModelMetadata.preprocessor()})
     * @param batchSize images per forward pass, at least 1
     */
    public Evaluator(BatchPredictor predictor, Preprocessor preprocessor, int batchSize) {
        this(predictor, preprocessor, batchSize, IouConvention.CONTINUOUS);
    }

    /** As above, scoring boxes under {@code iouConvention}. */
    public Evaluator(BatchPredictor predictor, Preprocessor preprocessor, int batchSize, IouConvention iouConvention) {
        this.iouConvention = Objects.requireNonNull(iouConvention, "iouConvention");
        this.predictor = Objects.requireNonNull(predictor, "predictor");
        this.preprocessor = Objects.requireNonNull(preprocessor, "preprocessor");
        if (batchSize < 1) {
            throw new IllegalArgumentException("Batch size must be at least 1, was " + batchSize);
        }
        this.batchSize = batchSize;
    }

    /** The evaluated and the skipped images, in input order. */
    public record Run(List<SampleOutcome> outcomes, List<SkippedImage> skipped) {
        public Run {
            outcomes = List.copyOf(outcomes);
            skipped = List.copyOf(skipped);
        }
    }

    public Run run(List<LabeledSample> samples) {
        return run(samples, done -> {});
    }

    /**
     * @param samples the test set; must not be empty
     * @param progress told the number of samples handled after each batch
     * @throws IllegalArgumentException when there are no samples
     */
    public Run run(List<LabeledSample> samples, IntConsumer progress) {
        Objects.requireNonNull(samples, "samples");
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("No test images to evaluate: the sample list is empty");
        }
        List<SampleOutcome> outcomes = new ArrayList<>(samples.size());
        List<SkippedImage> skipped = new ArrayList<>();
        for (int from = 0; from < samples.size(); from += batchSize) {
            List<LabeledSample> chunk = samples.subList(from, Math.min(samples.size(), from + batchSize));
            evaluateBatch(chunk, outcomes, skipped);
            progress.accept(from + chunk.size());
        }
        return new Run(outcomes, skipped);
    }

    private void evaluateBatch(List<LabeledSample> chunk, List<SampleOutcome> outcomes, List<SkippedImage> skipped) {
        List<LabeledSample> readable = new ArrayList<>(chunk.size());
        List<PreparedImage> prepared = new ArrayList<>(chunk.size());
        for (LabeledSample sample : chunk) {
            try {
                prepared.add(preprocessor.prepare(read(sample, preprocessor.inputSize())));
                readable.add(sample);
            } catch (IOException | RuntimeException e) {
                skipped.add(new SkippedImage(sample.image().toString(), e.getMessage()));
            }
        }
        if (prepared.isEmpty()) {
            return;
        }
        List<Prediction> predictions = predictor.predict(prepared, false);
        for (int i = 0; i < readable.size(); i++) {
            LabeledSample sample = readable.get(i);
            Prediction p = predictions.get(i);
            Letterbox letterbox = prepared.get(i).letterbox();
            Box predicted = letterbox.toOriginal(p.modelBox());
            double iou = iouConvention == IouConvention.CONTINUOUS ? predicted.iou(sample.box())
                    : iouConvention.iou(letterbox.toModel(sample.box()), p.modelBox(), preprocessor.inputSize());
            outcomes.add(new SampleOutcome(sample.image(), sample.classId(), sample.box(), p.classId(), p.score(),
                    predicted, iou));
        }
    }

    private static ModelSizedImage read(LabeledSample sample, int inputSize) throws IOException {
        if (!java.nio.file.Files.isRegularFile(sample.image())) {
            throw new IOException("file not found");
        }
        try {
            // Upright by its EXIF orientation, as training read it and as the streaming job decodes it.
            return ImageFiles.readForModel(sample.image(), inputSize);
        } catch (IOException e) {
            throw new IOException(e.getMessage().startsWith("Not an image ImageIO can read")
                    ? "not an image ImageIO can read" : "unreadable: " + e.getMessage(), e);
        }
    }
}
