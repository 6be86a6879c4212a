package dev.facemask.cli.train;

import dev.facemask.cli.exit.ExitException;
import dev.facemask.cli.io.WriterOutputStream;
import dev.facemask.cli.model.PresetConverter;
import dev.facemask.trainer.fit.BoxLoss;
import dev.facemask.trainer.fit.ExportEpoch;
import dev.facemask.trainer.fit.TrainingOptions;
import dev.facemask.trainer.model.BoxHead;
import dev.facemask.trainer.model.ModelConfig;
import dev.facemask.trainer.model.Preset;
import dev.facemask.trainer.pipeline.DatasetSplits;
import dev.facemask.trainer.pipeline.DenseTrainingPipeline;
import dev.facemask.trainer.pipeline.FaceCropOptions;
import dev.facemask.trainer.pipeline.TrainingPipeline;
import dev.facemask.vision.model.ModelMetadata;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code detector train}: fit the two-head SE-ResNet on a dataset and export a SavedModel. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train the mask classifier and face-box regressor, then export a SavedModel with model.json.",
            "Ctrl-C stops after the current step and still exports the best model so far."})
public final class TrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--data", required = true, paramLabel = "DIR|archive.zip", description = "YOLO darknet or Pascal VOC folder, or the Labeled Mask archive.zip.")
    Path data;

    @Option(names = "--out", required = true, paramLabel = "MODEL_DIR", description = "Folder for the exported model; must be new or empty.")
    Path out;

    @Option(names = "--preset", defaultValue = "seed", converter = PresetConverter.class,
            description = "Single face (the seed notebook's heads): seed (SE-ResNet50 at 244 px) | small (128 px) | tiny (96 px)."
                    + " Every face (dense head): detect-small (320 px, trainable on a CPU) | detect-seed (SE-ResNet50) | detect-tiny (192 px, tests and demo). Default: ${DEFAULT-VALUE}.")
    Preset preset;

    @Option(names = "--box-head", paramLabel = "centroid|spatial|pooled",
            description = {"Single-face presets' box head. Default: centroid for seed, spatial for small and tiny.",
                "centroid: a 1x1 conv scores every cell of the last feature map; the centre is their soft-argmax,"
                    + " trained with a cross-entropy on the true centre's cells; the size is read from the features there.",
                "spatial: 1x1 conv, flatten, dense layers on the last feature map.",
                "pooled: global average pool, then linear to 4, as the seed notebook's upstream."})
    BoxHead boxHead;

    @Option(names = "--export", defaultValue = "best", paramLabel = "best|final",
            description = "Export the best epoch (lowest validation loss; highest validation mAP@0.5 for detect-*, default) or, as the notebook, the last epoch.")
    ExportEpoch export;

    @Option(names = "--zero-init-residual", description = "Start every bottleneck's last batch-norm scale at 0"
            + " (Goyal et al. 2017), so a deep backbone trains like a shallow one at first. Default: off, as the notebook.")
    boolean zeroInitResidual;

    @Option(names = "--epochs", description = "Default: 100 (" + TrainingPipeline.TINY_EPOCHS + " for the tiny preset, 120 for detect-*).")
    Integer epochs;

    @Option(names = "--batch", description = "Images per step. Default: 32 (" + TrainingPipeline.TINY_BATCH + " for tiny, 16 for the detect-* presets).")
    Integer batch;

    @Option(names = "--lr", description = "Adam learning rate. Default: 0.001 (0.002 for the tiny preset).")
    Double learningRate;

    @Option(names = "--cosine-decay", negatable = true, description = "Lower the learning rate along a half cosine to 0. Default: off (on for tiny).")
    Boolean cosineDecay;

    @Option(names = "--box-loss", paramLabel = "MSE|HUBER|IOU", description = "Loss of the box head. Default: MSE, as the seed.")
    BoxLoss boxLoss;

    @Option(names = "--class-weight", description = "Weight of the classifier loss. Default: 1.")
    Double classWeight;

    @Option(names = "--box-weight", description = "Weight of the box loss. Default: 1 (10 for the tiny preset).")
    Double boxWeight;

    @Option(names = "--augment-flip", negatable = true, description = "Random horizontal flips, box flipped too. Default: off (on for tiny).")
    Boolean flip;

    @Option(names = "--augment-brightness", paramLabel = "FRACTION", description = "Random brightness change up to this fraction. Default: 0 (off; 0.2 for tiny).")
    Double brightness;

    @Option(names = "--augment-shift", paramLabel = "FRACTION", description = "Random shift of the image and its box, up to this fraction of the side. Default: 0 (off; 0.15 for tiny).")
    Double shift;

    @Option(names = "--early-stopping", paramLabel = "EPOCHS", description = "Stop after this many epochs without a better validation loss.")
    Integer patience;

    @Option(names = "--time-limit", paramLabel = "DURATION",
            description = "Stop before an epoch that would end past this much wall-clock time (e.g. 45m, 2h) and export"
                    + " the best epoch so far; a cosine schedule decays over whichever runs out first, the epochs or the"
                    + " time. Default: none.")
    Duration timeLimit;

    @Option(names = "--resume", description = "Continue from the best checkpoint in --run-dir.")
    boolean resume;

    @Option(names = "--run-dir", paramLabel = "DIR", description = "Checkpoint, history.csv/json and charts. Default: <out>-run.")
    Path runDir;

    @Option(names = "--input-size", description = "Override the preset's input size, pixels.")
    Integer inputSize;

    @Option(names = "--grayscale", description = "Train on one channel instead of RGB.")
    boolean grayscale;

    @Option(names = "--seed", defaultValue = "42", description = "Seeds weights, shuffling and augmentation. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--split-seed", defaultValue = "" + DatasetSplits.DEFAULT_SPLIT_SEED, description = "Seed of the 70/20/10 split. Default: ${DEFAULT-VALUE}.")
    long splitSeed;

    @Option(names = "--face-crops", description = "Single-face heads: also train on one crop around each face of the"
            + " multi-face training photos (faces of at least --face-crop-min-size pixels, with at most a sliver of"
            + " another face), so that crowd photos are not left out. Validation and test stay single-face photos.")
    boolean faceCrops;

    @Mixin
    FaceCropArgs faceCropArgs;

    @Option(names = "--face-crop-box-weight", paramLabel = "W", defaultValue = "" + FaceCropOptions.DEFAULT_BOX_WEIGHT,
            description = "With --face-crops: how much a crop's box counts in the box loss, 0..1, where a photo's"
                    + " counts 1; 0 lets the crops teach the classifier only. Default: ${DEFAULT-VALUE}.")
    double faceCropBoxWeight;

    @Mixin
    DenseTrainOptions dense;

    @Override
    public Integer call() throws Exception {
        if (Files.isRegularFile(out.resolve(ModelMetadata.FILE_NAME))) {
            throw ExitException.usage("--out " + out + " already holds a model: choose a new folder");
        }
        if (!Files.exists(data)) {
            throw ExitException.usage("--data " + data + " does not exist");
        }
        Path run = runDir != null ? runDir : out.resolveSibling(out.getFileName() + "-run");
        ModelConfig.Builder model = ModelConfig.builder(preset);
        if (boxHead != null) {
            model.boxHead(boxHead);
        }
        if (inputSize != null) {
            model.inputSize(inputSize);
        }
        if (grayscale) {
            model.channels(1);
        }
        if (faceCrops && preset.dense()) {
            throw ExitException.usage("--face-crops is for the single-face presets: " + preset.id()
                    + " already trains on every face of every photo");
        }
        TrainingOptions options;
        try {
            options = trainingOptions(run);
        } catch (IllegalArgumentException e) {
            throw ExitException.usage(e.getMessage());
        }
        PrintStream ps = new PrintStream(new WriterOutputStream(spec.commandLine().getOut()), true);
        Path exported = preset.dense() ? dense.pipeline(data, out, model, options, splitSeed).run(ps).modelDir()
                : singleHead(model, options).run(ps).modelDir();
        ps.printf("History and charts: %s%nNext: ./detector evaluate --model %s --data %s%n", run, exported, data);
        return 0;
    }

    /** The seed's single-face pipeline, from another model's backbone with {@code --init-from}. */
    private TrainingPipeline singleHead(ModelConfig.Builder model, TrainingOptions options) throws IOException {
        TrainingPipeline pipeline = new TrainingPipeline(data, out, model, options, splitSeed);
        dense.initialWeights().ifPresent(pipeline::initialWeights);
        try {
            faceCropArgs.options(faceCrops).map(o -> o.withBoxWeight(faceCropBoxWeight)).ifPresent(pipeline::faceCrops);
        } catch (IllegalArgumentException e) {
            throw ExitException.usage("--face-crop-box-weight: " + e.getMessage());
        }
        return pipeline;
    }

    private TrainingOptions trainingOptions(Path run) {
        TrainingOptions.Builder b = (preset.dense() ? DenseTrainingPipeline.defaults(preset) : TrainingPipeline.defaults(preset))
                .seed(seed).resume(resume).outputDir(run).export(export).zeroInitResidual(zeroInitResidual)
                .offsetLoss(dense.offsetLoss).denseBoxLoss(dense.boxLoss).classWeightedFaces(dense.classWeightedFaces);
        if (batch != null) {
            b.batchSize(batch);
        }
        if (epochs != null) {
            b.epochs(epochs);
        }
        if (learningRate != null) {
            b.learningRate(learningRate);
        }
        if (cosineDecay != null) {
            b.cosineDecay(cosineDecay);
        }
        if (boxLoss != null) {
            b.boxLoss(boxLoss);
        }
        if (classWeight != null) {
            b.classLossWeight(classWeight);
        }
        if (boxWeight != null) {
            b.boxLossWeight(boxWeight);
        }
        if (flip != null) {
            b.flipAugmentation(flip);
        }
        if (brightness != null) {
            b.brightnessAugmentation(brightness);
        }
        if (shift != null) {
            b.shiftAugmentation(shift);
        }
        if (dense.ema != null) {
            b.weightAverageDecay(dense.ema);
        }
        if (patience != null) {
            b.earlyStoppingPatience(patience);
        }
        return b.timeLimit(timeLimit).build();
    }
}
