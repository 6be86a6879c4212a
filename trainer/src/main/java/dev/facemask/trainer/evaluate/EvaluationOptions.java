package dev.facemask.trainer.evaluate;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.IntConsumer;

/**
 * What to evaluate and where to write the report. Built with {@link #builder()}:
 *
 * <pre>{@code
 * EvaluationOptions options = EvaluationOptions.builder()
 *         .modelDir(Path.of("models/tiny"))
 *         .samples(testSet)
 *         .outputDir(Path.of("runs/eval"))
 *         .build();
 * EvaluationResult result = Evaluation.run(options);
 * }</pre>
 */
public record EvaluationOptions(
        Path modelDir,
        List<LabeledSample> samples,
        Path outputDir,
        int batchSize,
        int gridImages,
        int gridColumns,
        int gridCellSize,
        IntConsumer progress,
        IouConvention iouConvention) {

    public static final int DEFAULT_BATCH_SIZE = 16;
    public static final int DEFAULT_GRID_IMAGES = 16;

    public EvaluationOptions {
        samples = List.copyOf(samples);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder: setters reject nulls, {@link #build()} checks the combination. */
    public static final class Builder {
        private Path modelDir;
        private List<LabeledSample> samples;
        private Path outputDir;
        private int batchSize = DEFAULT_BATCH_SIZE;
        private int gridImages = DEFAULT_GRID_IMAGES;
        private int gridColumns = 4;
        private int gridCellSize = 192;
        private IntConsumer progress = done -> {};
        private IouConvention iouConvention = IouConvention.CONTINUOUS;

        private Builder() {}

        /** Model folder with SavedModel and {@code model.json}. */
        public Builder modelDir(Path modelDir) {
            this.modelDir = Objects.requireNonNull(modelDir, "modelDir");
            return this;
        }

        /** Labelled test images, one face each. */
        public Builder samples(List<LabeledSample> samples) {
            this.samples = Objects.requireNonNull(samples, "samples");
            return this;
        }

        /** Folder for {@code report.json}, {@code report.md} and {@code predictions.png}. */
        public Builder outputDir(Path outputDir) {
            this.outputDir = Objects.requireNonNull(outputDir, "outputDir");
            return this;
        }

        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /** How many images the PNG grid shows, from the start of the set; 0 for no grid. */
        public Builder gridImages(int gridImages) {
            this.gridImages = gridImages;
            return this;
        }

        public Builder gridColumns(int gridColumns) {
            this.gridColumns = gridColumns;
            return this;
        }

        public Builder gridCellSize(int gridCellSize) {
            this.gridCellSize = gridCellSize;
            return this;
        }

        /** Told how many samples are done after each batch. */
        public Builder progress(IntConsumer progress) {
            this.progress = Objects.requireNonNull(progress, "progress");
            return this;
        }

        /** How boxes are scored: exact overlap (default) or the seed notebook's +1 integer-pixel IoU. */
        public Builder iouConvention(IouConvention iouConvention) {
            this.iouConvention = Objects.requireNonNull(iouConvention, "iouConvention");
            return this;
        }

        public EvaluationOptions build() {
            if (modelDir == null) {
                throw new IllegalArgumentException("Evaluation needs a model folder: set modelDir(...)");
            }
            if (outputDir == null) {
                throw new IllegalArgumentException("Evaluation needs a folder for its report: set outputDir(...)");
            }
            if (samples == null || samples.isEmpty()) {
                throw new IllegalArgumentException("Evaluation needs at least one labelled test image: set samples(...)");
            }
            if (batchSize < 1) {
                throw new IllegalArgumentException("Batch size must be at least 1, was " + batchSize);
            }
            if (gridImages < 0 || gridColumns < 1 || gridCellSize < 32) {
                throw new IllegalArgumentException("Grid needs images >= 0, columns >= 1 and cells >= 32 px; got "
                        + gridImages + ", " + gridColumns + ", " + gridCellSize);
            }
            return new EvaluationOptions(modelDir, samples, outputDir, batchSize, gridImages, gridColumns,
                    gridCellSize, progress, iouConvention);
        }
    }
}
