package dev.facemask.trainer.fit;

import dev.facemask.trainer.model.Preset;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * How to train: the seed notebook's protocol by default (100 epochs, batch 32, Adam 1e-3, box
 * MSE, heads weighted 1:1, no augmentation).
 *
 * <pre>{@code
 * TrainingOptions options = TrainingOptions.builder()
 *         .epochs(20).batchSize(16).boxLossWeight(10)
 *         .earlyStoppingPatience(5)
 *         .outputDir(Path.of("runs/tiny"))
 *         .build();
 * }</pre>
 *
 * @param epochs passes over the training split
 * @param batchSize images per step
 * @param learningRate Adam's step size (the peak one under {@code cosineDecay})
 * @param cosineDecay lower the learning rate along a half cosine from {@code learningRate} to 0 over all
 *     steps; the last epochs then barely move the weights, so batch-norm moving statistics catch up
 * @param boxLoss loss of the box head
 * @param classLossWeight weight of the classifier's cross-entropy in the total loss
 * @param boxLossWeight weight of the box loss in the total loss
 * @param seed seeds weight initialisation, shuffling and augmentation
 * @param flipAugmentation randomly mirror images left-right (with their boxes)
 * @param brightnessAugmentation randomly scale brightness by up to this fraction (0 = off)
 * @param shiftAugmentation randomly shift images (with their boxes) by up to this fraction of the side in
 *     x and y, never pushing the box out of the image (0 = off)
 * @param earlyStoppingPatience stop after this many epochs without a better validation loss
 * @param resume continue from the checkpoint in {@code outputDir}
 * @param outputDir where checkpoint, history and charts go
 * @param export which weights the run exports: the best epoch's (default) or the last one's
 * @param zeroInitResidual start the last batch norm's scale of every bottleneck at 0 instead of 1 (Goyal et
 *     al. 2017, "Bag of Tricks"), so each residual block starts as its shortcut and a deep network
 *     trains like a shallow one at first; off by default, as the seed notebook (Keras' ones)
 * @param offsetLoss how the dense head's box loss weighs an error in a face centre's offset (default
 *     {@link OffsetLoss#RELATIVE}; the single head ignores it)
 * @param weightAverageDecay the dense head validates and exports an exponential moving average of its
 *     weights with this decay (0 = off, the weights as trained; the single head ignores it)
 * @param denseBoxLoss what the dense head's box loss compares (default {@link DenseBoxLoss#L1}, with
 *     {@code offsetLoss}; the single head ignores it)
 * @param timeLimit wall-clock time the epochs may take, or null for none: training stops before an epoch
 *     that would end past it, and a cosine schedule decays over whichever runs out first, the epochs or
 *     the time (see {@link TimeBudget})
 * @param classWeightedFaces an objectness head's face heatmap loss is weighted, cell by cell, by the class
 *     weights of the faces around it (off by default: the class weights reach only the class cross-entropy)
 */
public record TrainingOptions(
        int epochs,
        int batchSize,
        double learningRate,
        boolean cosineDecay,
        BoxLoss boxLoss,
        double classLossWeight,
        double boxLossWeight,
        long seed,
        boolean flipAugmentation,
        double brightnessAugmentation,
        double shiftAugmentation,
        OptionalInt earlyStoppingPatience,
        boolean resume,
        Path outputDir,
        ExportEpoch export,
        boolean zeroInitResidual,
        OffsetLoss offsetLoss,
        double weightAverageDecay,
        DenseBoxLoss denseBoxLoss,
        Duration timeLimit,
        boolean classWeightedFaces) {

    public static Builder builder() {
        return new Builder();
    }

    /** Adam's step size at step {@code step} (0-based) of {@code totalSteps}. */
    public double learningRateAt(long step, long totalSteps) {
        return learningRateAt(step, totalSteps, 0);
    }

    /**
     * As above, with {@code timeUsed} of the {@link #timeLimit} gone (0..1): under cosine decay the
     * schedule is as far along as the further of the two, so a run cut short by its time limit still
     * ends at a low rate, where a schedule over all epochs would stop half-way down.
     */
    public double learningRateAt(long step, long totalSteps, double timeUsed) {
        if (!cosineDecay || totalSteps <= 0) {
            return learningRate;
        }
        double progress = Math.min(1, Math.max((double) step / totalSteps, timeUsed));
        return learningRate * 0.5 * (1 + Math.cos(Math.PI * progress));
    }

    /**
     * Defaults suited to {@code preset}: as {@link #builder()}, except that {@code tiny} weights the
     * box loss 10x, which is what let it localise in two minutes on synthetic faces.
     */
    public static Builder builder(Preset preset) {
        Builder b = new Builder();
        return preset == Preset.TINY ? b.boxLossWeight(10) : b;
    }

    /** Builder for {@link TrainingOptions}; {@link #build()} checks every rule at once. */
    public static final class Builder {
        private int epochs = 100;
        private int batchSize = 32;
        private double learningRate = 0.001;
        private boolean cosineDecay;
        private BoxLoss boxLoss = BoxLoss.MSE;
        private double classLossWeight = 1;
        private double boxLossWeight = 1;
        private long seed = 42;
        private boolean flipAugmentation;
        private double brightnessAugmentation;
        private double shiftAugmentation;
        private OptionalInt earlyStoppingPatience = OptionalInt.empty();
        private boolean resume;
        private Path outputDir = Path.of("runs", "latest");
        private ExportEpoch export = ExportEpoch.BEST;
        private boolean zeroInitResidual;
        private OffsetLoss offsetLoss = OffsetLoss.RELATIVE;
        private double weightAverageDecay;
        private DenseBoxLoss denseBoxLoss = DenseBoxLoss.L1;
        private Duration timeLimit;
        private boolean classWeightedFaces;

        private Builder() {}

        public Builder epochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        public Builder learningRate(double learningRate) {
            this.learningRate = learningRate;
            return this;
        }

        /** Half-cosine decay of the learning rate to 0 over the run; off by default, as the seed. */
        public Builder cosineDecay(boolean on) {
            this.cosineDecay = on;
            return this;
        }

        public Builder boxLoss(BoxLoss boxLoss) {
            this.boxLoss = Objects.requireNonNull(boxLoss, "boxLoss");
            return this;
        }

        public Builder classLossWeight(double weight) {
            this.classLossWeight = weight;
            return this;
        }

        public Builder boxLossWeight(double weight) {
            this.boxLossWeight = weight;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder flipAugmentation(boolean on) {
            this.flipAugmentation = on;
            return this;
        }

        public Builder brightnessAugmentation(double maxFraction) {
            this.brightnessAugmentation = maxFraction;
            return this;
        }

        public Builder shiftAugmentation(double maxFraction) {
            this.shiftAugmentation = maxFraction;
            return this;
        }

        public Builder earlyStoppingPatience(int epochs) {
            this.earlyStoppingPatience = OptionalInt.of(epochs);
            return this;
        }

        public Builder resume(boolean resume) {
            this.resume = resume;
            return this;
        }

        public Builder outputDir(Path outputDir) {
            this.outputDir = Objects.requireNonNull(outputDir, "outputDir");
            return this;
        }

        /** Export the best epoch's weights (default) or, as the seed notebook, the last epoch's. */
        public Builder export(ExportEpoch export) {
            this.export = Objects.requireNonNull(export, "export");
            return this;
        }

        /** Start every bottleneck's last batch-norm scale at 0; see {@link TrainingOptions#zeroInitResidual}. */
        public Builder zeroInitResidual(boolean on) {
            this.zeroInitResidual = on;
            return this;
        }

        /** How the dense head's box loss weighs offset errors; see {@link OffsetLoss}. */
        public Builder offsetLoss(OffsetLoss offsetLoss) {
            this.offsetLoss = Objects.requireNonNull(offsetLoss, "offsetLoss");
            return this;
        }

        /** Decay of the dense head's weight average, in [0, 1); 0 turns it off (the default here). */
        public Builder weightAverageDecay(double decay) {
            this.weightAverageDecay = decay;
            return this;
        }

        /** What the dense head's box loss compares; see {@link DenseBoxLoss}. */
        public Builder denseBoxLoss(DenseBoxLoss denseBoxLoss) {
            this.denseBoxLoss = Objects.requireNonNull(denseBoxLoss, "denseBoxLoss");
            return this;
        }

        /**
         * Whether an objectness head's face heatmap is weighted by the class weights of the faces around
         * each cell, as its class cross-entropy always is. Default: off.
         */
        public Builder classWeightedFaces(boolean on) {
            this.classWeightedFaces = on;
            return this;
        }

        /** Wall-clock time the epochs may take; null (the default) for none. */
        public Builder timeLimit(Duration timeLimit) {
            this.timeLimit = timeLimit;
            return this;
        }

        public TrainingOptions build() {
            require(epochs >= 1, "epochs must be at least 1, was " + epochs);
            require(batchSize >= 1, "batchSize must be at least 1, was " + batchSize);
            require(learningRate > 0 && learningRate < 1, "learningRate must be in (0, 1), was " + learningRate);
            require(classLossWeight >= 0 && boxLossWeight >= 0 && classLossWeight + boxLossWeight > 0,
                    "loss weights must be non-negative and not both 0, were " + classLossWeight + ":" + boxLossWeight);
            require(brightnessAugmentation >= 0 && brightnessAugmentation < 1,
                    "brightnessAugmentation must be in [0, 1), was " + brightnessAugmentation);
            require(shiftAugmentation >= 0 && shiftAugmentation < 0.5,
                    "shiftAugmentation must be in [0, 0.5), was " + shiftAugmentation);
            require(earlyStoppingPatience.orElse(1) >= 1,
                    "earlyStoppingPatience must be at least 1 epoch, was " + earlyStoppingPatience.orElse(0));
            require(weightAverageDecay >= 0 && weightAverageDecay < 1,
                    "weightAverageDecay must be in [0, 1), was " + weightAverageDecay);
            require(timeLimit == null || (!timeLimit.isNegative() && !timeLimit.isZero()),
                    "timeLimit must be positive, was " + timeLimit);
            return new TrainingOptions(epochs, batchSize, learningRate, cosineDecay, boxLoss, classLossWeight, boxLossWeight, seed,
                    flipAugmentation, brightnessAugmentation, shiftAugmentation, earlyStoppingPatience, resume, outputDir, export,
                    zeroInitResidual, offsetLoss, weightAverageDecay, denseBoxLoss, timeLimit, classWeightedFaces);
        }

        private static void require(boolean ok, String message) {
            if (!ok) {
                throw new IllegalArgumentException(message);
            }
        }
    }
}
