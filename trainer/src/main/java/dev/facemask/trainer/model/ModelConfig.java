package dev.facemask.trainer.model;

import dev.facemask.vision.model.ModelMetadata;
import java.util.List;
import java.util.Objects;

/**
 * The architecture of the two-head SE-ResNet, fixed for the life of a model.
 *
 * <p>Input is {@code [N, inputSize, inputSize, channels]} floats in 0..1. A stem (7x7 conv stride
 * 2, batch norm, ReLU, 3x3 max pool stride 2) is followed by bottleneck stages; stage {@code i}
 * has {@code stageBlocks[i]} blocks of width {@code stageWidths[i]} producing
 * {@code stageWidths[i] * expansion} channels, and every stage after the first starts with stride 2.
 * Each bottleneck ends with a squeeze-and-excitation block of reduction {@code seReduction}.
 *
 * <pre>{@code
 * ModelConfig config = ModelConfig.builder(Preset.TINY).numClasses(2).build();
 * }</pre>
 *
 * @param preset the preset this configuration started from
 * @param inputSize side of the square input, pixels
 * @param channels 3 (RGB) or 1 (grayscale)
 * @param numClasses classes of the classifier head
 * @param stemWidth output channels of the 7x7 stem convolution
 * @param stageWidths bottleneck width of each stage
 * @param stageBlocks bottleneck blocks in each stage
 * @param expansion ratio of a bottleneck's output channels to its width (4 in ResNet50)
 * @param seReduction squeeze-and-excitation reduction ratio (16)
 * @param boxHeadChannels channels the box head's 1x1 convolution cuts the last feature map to
 * @param boxHeadHidden units of the box head's hidden dense layer
 * @param boxHead where the box head reads the last feature map; {@code null} (a checkpoint written
 *     before the option existed) means {@link BoxHead#SPATIAL}
 * @param neckChannels channels of the dense head's feature pyramid (0 for the single-face heads): see
 *     {@link DenseDetector}
 * @param centreHead how the dense head scores faces ({@link CentreHead}); {@code null} (a checkpoint
 *     written before the option existed) means {@link CentreHead#PER_CLASS}
 * @param classBranchChannels channels of an objectness head's own 3x3 class branch, or 0 for class
 *     logits read from the trunk that the face and box outputs share (and for every model written
 *     before the option existed): see {@link DenseDetector}
 */
public record ModelConfig(
        Preset preset,
        int inputSize,
        int channels,
        int numClasses,
        int stemWidth,
        List<Integer> stageWidths,
        List<Integer> stageBlocks,
        int expansion,
        int seReduction,
        int boxHeadChannels,
        int boxHeadHidden,
        BoxHead boxHead,
        int neckChannels,
        CentreHead centreHead,
        int classBranchChannels) {

    /** Stride of the dense head's output grid in input pixels: a heatmap cell covers 4x4 pixels. */
    public static final int DENSE_OUTPUT_STRIDE = 4;

    public ModelConfig {
        stageWidths = List.copyOf(stageWidths);
        stageBlocks = List.copyOf(stageBlocks);
        boxHead = boxHead == null ? BoxHead.SPATIAL : boxHead;
        centreHead = centreHead == null ? CentreHead.PER_CLASS : centreHead;
    }

    /** A builder holding the defaults of {@code preset}; set {@link Builder#numClasses} for your data. */
    public static Builder builder(Preset preset) {
        return switch (Objects.requireNonNull(preset, "preset")) {
            // The centroid box head: on the 82 single-face training photos of the 336-photo sample, in the
            // notebook's 20 epochs at batch 32, training IoU 0.60 against 0.42 for the spatial head (see BoxHead).
            case SEED -> new Builder(preset, 244, 64, List.of(64, 128, 256, 512), List.of(3, 4, 6, 3), 4, 64, 256)
                    .boxHead(BoxHead.CENTROID);
            case SMALL -> new Builder(preset, 128, 32, List.of(32, 64, 128, 256), List.of(2, 2, 2, 2), 4, 32, 128);
            // Widths 8/16/32 with one block per stage memorised 700 synthetic images without learning the
            // mask (val accuracy near 0.5); twice as wide and two blocks per stage generalises.
            case TINY -> new Builder(preset, 96, 16, List.of(16, 32, 64), List.of(2, 2, 2), 2, 16, 96);
            // Dense presets: 320 px keeps the 10-40 px faces of crowd photos at 2.5-10 heatmap cells.
            // The objectness centre head: on the 336-photo sample, validation mAP@0.5 0.14 after 18 epochs
            // against 0.06 for per-class heatmaps (see CentreHead).
            case DETECT_SEED -> new Builder(preset, 320, 64, List.of(64, 128, 256, 512), List.of(3, 4, 6, 3), 4, 1, 1)
                    .neck(128).centreHead(CentreHead.OBJECTNESS);
            case DETECT_SMALL -> new Builder(preset, 320, 32, List.of(32, 64, 128, 256), List.of(2, 2, 2, 2), 4, 1, 1)
                    .neck(64).centreHead(CentreHead.OBJECTNESS);
            case DETECT_TINY -> new Builder(preset, 192, 16, List.of(16, 32, 64), List.of(2, 2, 2), 2, 1, 1).neck(32)
                    .centreHead(CentreHead.OBJECTNESS);
        };
    }

    /**
     * The configuration a model folder's {@code model.json} describes. Exports of the CLI keep each
     * preset's stages and widths, so the preset, input, classes and heads recorded there rebuild its
     * graph; a {@code model.json} without {@code centres} predates the objectness head (per-class).
     */
    public static ModelConfig of(ModelMetadata meta) {
        Builder b = builder(Preset.parse(meta.preset())).numClasses(meta.classes().size())
                .inputSize(meta.inputSize()).channels(meta.channels());
        // A model.json without boxHead predates the option, when every box head was spatial.
        b.boxHead(meta.boxHead() == null ? BoxHead.SPATIAL : BoxHead.parse(meta.boxHead()));
        if (meta.dense()) {
            b.centreHead(meta.centres() == null ? CentreHead.PER_CLASS : CentreHead.parse(meta.centres()))
                    .classBranch(meta.classBranch());
        }
        return b.build();
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        Builder b = new Builder(preset, inputSize, stemWidth, stageWidths, stageBlocks, expansion, boxHeadChannels,
                boxHeadHidden);
        return b.channels(channels).numClasses(numClasses).seReduction(seReduction).boxHead(boxHead).neck(neckChannels)
                .centreHead(centreHead).classBranch(classBranchChannels);
    }

    /** Whether this model carries the dense multi-face head ({@link DenseDetector}). */
    public boolean dense() {
        return neckChannels > 0;
    }

    /** Side of the dense head's output grid: the input divided by {@link #DENSE_OUTPUT_STRIDE}. */
    public int denseGridSize() {
        return inputSize / DENSE_OUTPUT_STRIDE;
    }

    /** Stride of the last stage: 4 after the stem, doubled by every later stage. */
    public int lastStageStride() {
        return DENSE_OUTPUT_STRIDE << (stageWidths.size() - 1);
    }

    /** Side of the last feature map (the Grad-CAM grid): the input after a stride of 4 and one 2 per later stage. */
    public int featureMapSize() {
        int size = ceilDiv(ceilDiv(inputSize, 2), 2);
        for (int i = 1; i < stageWidths.size(); i++) {
            size = ceilDiv(size, 2);
        }
        return size;
    }

    /** Channels of the last feature map. */
    public int featureChannels() {
        return stageWidths.get(stageWidths.size() - 1) * expansion;
    }

    static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    /** Builder for {@link ModelConfig}; {@link #build()} validates the whole configuration. */
    public static final class Builder {
        private final Preset preset;
        private int inputSize;
        private int channels = 3;
        private int numClasses = 2;
        private int stemWidth;
        private List<Integer> stageWidths;
        private List<Integer> stageBlocks;
        private int expansion;
        private int seReduction = 16;
        private int boxHeadChannels;
        private int boxHeadHidden;
        private int neckChannels;
        private BoxHead boxHead = BoxHead.SPATIAL;
        private CentreHead centreHead = CentreHead.PER_CLASS;
        private int classBranchChannels;

        private Builder(Preset preset, int inputSize, int stemWidth, List<Integer> stageWidths,
                List<Integer> stageBlocks, int expansion, int boxHeadChannels, int boxHeadHidden) {
            this.preset = preset;
            this.inputSize = inputSize;
            this.stemWidth = stemWidth;
            this.stageWidths = stageWidths;
            this.stageBlocks = stageBlocks;
            this.expansion = expansion;
            this.boxHeadChannels = boxHeadChannels;
            this.boxHeadHidden = boxHeadHidden;
        }

        public Builder inputSize(int inputSize) {
            this.inputSize = inputSize;
            return this;
        }

        public Builder channels(int channels) {
            this.channels = channels;
            return this;
        }

        public Builder numClasses(int numClasses) {
            this.numClasses = numClasses;
            return this;
        }

        public Builder stemWidth(int stemWidth) {
            this.stemWidth = stemWidth;
            return this;
        }

        public Builder stages(List<Integer> widths, List<Integer> blocks) {
            this.stageWidths = Objects.requireNonNull(widths, "widths");
            this.stageBlocks = Objects.requireNonNull(blocks, "blocks");
            return this;
        }

        public Builder expansion(int expansion) {
            this.expansion = expansion;
            return this;
        }

        public Builder seReduction(int seReduction) {
            this.seReduction = seReduction;
            return this;
        }

        public Builder boxHead(int channels, int hidden) {
            this.boxHeadChannels = channels;
            this.boxHeadHidden = hidden;
            return this;
        }

        /** Spatial (default) or pooled box head; see {@link BoxHead}. */
        public Builder boxHead(BoxHead boxHead) {
            this.boxHead = Objects.requireNonNull(boxHead, "boxHead");
            return this;
        }

        /** Channels of the dense head's feature pyramid; 0 keeps the single-face heads. */
        public Builder neck(int channels) {
            this.neckChannels = channels;
            return this;
        }

        /** How the dense head scores faces; see {@link CentreHead}. */
        public Builder centreHead(CentreHead centreHead) {
            this.centreHead = Objects.requireNonNull(centreHead, "centreHead");
            return this;
        }

        /** Channels of an objectness head's own class branch; 0 reads the class logits from the shared trunk. */
        public Builder classBranch(int channels) {
            this.classBranchChannels = channels;
            return this;
        }

        public ModelConfig build() {
            require(inputSize >= 16, "inputSize must be at least 16 pixels, was " + inputSize);
            require(channels == 1 || channels == 3, "channels must be 1 (grayscale) or 3 (RGB), was " + channels);
            require(numClasses >= 2, "numClasses must be at least 2 (the dataset's classes), was " + numClasses);
            require(stemWidth > 0 && expansion > 0 && seReduction > 0,
                    "stemWidth, expansion and seReduction must be positive");
            require(!stageWidths.isEmpty() && stageWidths.size() == stageBlocks.size(),
                    "stages need one block count per width, got widths " + stageWidths + " and blocks " + stageBlocks);
            require(stageWidths.stream().allMatch(w -> w > 0) && stageBlocks.stream().allMatch(b -> b > 0),
                    "stage widths and block counts must be positive, got " + stageWidths + " / " + stageBlocks);
            require(boxHeadChannels > 0 && boxHeadHidden > 0, "box head channels and hidden units must be positive");
            require(neckChannels >= 0, "neck channels must not be negative, was " + neckChannels);
            require(classBranchChannels >= 0, "class branch channels must not be negative, was " + classBranchChannels);
            require(classBranchChannels == 0 || (neckChannels > 0 && centreHead == CentreHead.OBJECTNESS),
                    "a class branch needs a detect-* preset with the objectness centre head (--centres objectness)");
            int stride = DENSE_OUTPUT_STRIDE << (stageWidths.size() - 1);
            require(neckChannels == 0 || inputSize % stride == 0, "the dense head needs an input size divisible by "
                    + stride + " (the last stage's stride), was " + inputSize + "; try " + (inputSize / stride + 1) * stride);
            return new ModelConfig(preset, inputSize, channels, numClasses, stemWidth, stageWidths, stageBlocks,
                    expansion, seReduction, boxHeadChannels, boxHeadHidden, boxHead, neckChannels, centreHead,
                    classBranchChannels);
        }

        private static void require(boolean ok, String message) {
            if (!ok) {
                throw new IllegalArgumentException(message);
            }
        }
    }

    @Override
    public String toString() {
        return preset.id() + "[" + inputSize + "x" + inputSize + "x" + channels + ", classes=" + numClasses
                + ", stem=" + stemWidth + ", widths=" + stageWidths + ", blocks=" + stageBlocks + ", expansion="
                + expansion + ", se=1/" + seReduction
                + (dense() ? ", neck=" + neckChannels + ", stride=" + DENSE_OUTPUT_STRIDE + ", centres=" + centreHead.id()
                        + (classBranchChannels > 0 ? ", classBranch=" + classBranchChannels : "")
                        : ", boxHead=" + (boxHead == BoxHead.SPATIAL ? "spatial " + boxHeadChannels + "/" + boxHeadHidden : boxHead.id())) + "]";
    }
}
