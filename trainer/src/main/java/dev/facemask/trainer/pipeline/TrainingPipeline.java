package dev.facemask.trainer.pipeline;

import dev.facemask.trainer.export.ModelExporter;
import dev.facemask.trainer.fit.ExportEpoch;
import dev.facemask.trainer.fit.Trainer;
import dev.facemask.trainer.model.ModelWeights;
import dev.facemask.trainer.fit.TrainingOptions;
import dev.facemask.trainer.fit.TrainingResult;
import dev.facemask.trainer.model.ModelConfig;
import dev.facemask.trainer.model.Preset;
import dev.facemask.trainer.fit.TrainingExample;
import dev.facemask.vision.dataset.LabeledImage;
import dev.facemask.vision.dataset.Split;
import dev.facemask.vision.model.ModelMetadata;
import dev.facemask.vision.render.DatasetGrid;
import dev.facemask.vision.preprocess.ColorMode;
import dev.facemask.vision.preprocess.Preprocessor;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./detector train} end to end: dataset and split, preprocessing, fit, export of the best
 * weights as a SavedModel with {@code model.json}.
 *
 * <pre>{@code
 * TrainingPipeline.Result r = new TrainingPipeline(Path.of("data/synth"), Path.of("models/tiny"),
 *         ModelConfig.builder(Preset.TINY).numClasses(2).build(), options, 42).run(System.out);
 * }</pre>
 */
public final class TrainingPipeline {

    /** The contact sheet of the first face crops, in the run folder ({@code train --face-crops}). */
    public static final String FACE_CROPS_PNG = "face-crops.png";

    private final Path data;
    private final Path modelDir;
    private final ModelConfig.Builder model;
    private final TrainingOptions training;
    private final long splitSeed;
    private volatile Trainer trainer;
    private ModelWeights initialWeights;
    private FaceCropOptions faceCrops;

    /**
     * @param model the architecture; its class count is set from the dataset
     */
    public TrainingPipeline(Path data, Path modelDir, ModelConfig.Builder model, TrainingOptions training, long splitSeed) {
        this.data = Objects.requireNonNull(data, "data");
        this.modelDir = Objects.requireNonNull(modelDir, "modelDir");
        this.model = Objects.requireNonNull(model, "model");
        this.training = Objects.requireNonNull(training, "training");
        this.splitSeed = splitSeed;
    }

    /** Starts training from these weights, such as another model's backbone ({@link InitialWeights#backboneOf}). */
    public TrainingPipeline initialWeights(ModelWeights weights) {
        this.initialWeights = Objects.requireNonNull(weights, "weights");
        return this;
    }

    /**
     * Also trains on one crop around each face of the multi-face photos in the every-face split's
     * training part ({@link FaceCropper}); validation and test stay single-face photos. Those photos
     * are in neither held-out part of the single-face split, which follows the every-face one.
     */
    public TrainingPipeline faceCrops(FaceCropOptions options) {
        this.faceCrops = Objects.requireNonNull(options, "options");
        return this;
    }

    public Result run(PrintStream out) throws IOException {
        DatasetSplits splits = DatasetSplits.open(data, splitSeed);
        ModelConfig config = model.numClasses(splits.classNames().size()).build();
        out.printf("Dataset %s: %d single-face images (train %d, val %d, test %d); %d multi-face images left out, %d files dropped%n",
                splits.scan().root(), splits.scan().singleObject().size(), splits.manifest().train().size(),
                splits.manifest().val().size(), splits.manifest().test().size(), splits.multiFaceImagesLeftOut(),
                splits.scan().dropped().size());
        out.printf("Model %s%n", config);
        ExampleLoader loader = new ExampleLoader(new Preprocessor(config.inputSize(), ColorMode.forChannels(config.channels())));
        ExampleLoader.Loaded train = loader.load(splits.images(Split.TRAIN), "train", out);
        ExampleLoader.Loaded val = loader.load(splits.images(Split.VAL), "val", out);
        if (faceCrops != null) {
            train = withFaceCrops(train, loader, config, out);
        }
        train.skipped().forEach(s -> out.println("skipped unreadable image " + s));
        val.skipped().forEach(s -> out.println("skipped unreadable image " + s));

        // Ctrl-C stops training after the current step; the hook then waits for the export, so the
        // best model so far is saved before the JVM exits.
        Trainer.Builder builder = Trainer.builder().model(config).options(training).progress(out).stopOnShutdown(false);
        if (initialWeights != null) {
            builder.initialWeights(initialWeights);
        }
        trainer = builder.build();
        CountDownLatch exported = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            cancel();
            awaitQuietly(exported);
        }, "train-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            TrainingResult result = trainer.fit(train.examples(), val.examples());
            ExportEpoch which = training.export();
            ModelMetadata metadata = ModelExporter.metadata(config, splits.classNames(), result.metrics(which),
                    splits.manifest().fingerprint(Split.TRAIN, splits.scan()));
            Path target = exportFolder(modelDir, out);
            ModelExporter.export(config, result.weights(which), target, metadata);
            out.printf("Exported the %s model (epoch %d, %s) to %s%n", which == ExportEpoch.FINAL ? "final" : "best",
                    result.epoch(which), result.stopReason().name().toLowerCase(Locale.ROOT).replace('_', ' '), target.toAbsolutePath());
            return new Result(target, result, splits, train.skipped().size() + val.skipped().size());
        } finally {
            exported.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running and has just been released by `exported`.
            }
        }
    }

    private ExampleLoader.Loaded withFaceCrops(ExampleLoader.Loaded photos, ExampleLoader loader, ModelConfig config,
            PrintStream out) throws IOException {
        DatasetSplits all = DatasetSplits.openAllFaces(data, splitSeed);
        List<LabeledImage> crowds = all.manifest().images(Split.TRAIN, all.scan()).stream()
                .filter(i -> !i.isSingleObject()).toList();
        int faces = crowds.stream().mapToInt(i -> i.annotations().size()).sum();
        List<FaceCropper.Crop> firstCrops = new ArrayList<>();
        ExampleLoader.Loaded crops = loader.loadFaceCrops(crowds, new FaceCropper(faceCrops), training.seed(), firstCrops, out);
        out.printf("Face crops: %d of the %d faces in %d multi-face training photos (faces under %d px or crowded"
                + " by others left out); by class %s, single-face photos %s; a crop's box at weight %s of a photo's%n",
                crops.examples().size(), faces, crowds.size(), faceCrops.minFacePixels(),
                balance(crops, all.classNames(), config.numClasses()), balance(photos, all.classNames(), config.numClasses()),
                new DecimalFormat("0.###", DecimalFormatSymbols.getInstance(Locale.ROOT))
                        .format(faceCrops.boxWeight()));
        if (!firstCrops.isEmpty()) {
            Path sheet = new DatasetGrid(8, 160, all.classNames()).writePicturesPng(firstCrops.stream()
                    .map(c -> new DatasetGrid.Picture(c.image(), List.of(c.face()))).toList(),
                    training.outputDir().resolve(FACE_CROPS_PNG));
            out.printf("The first %d face crops: %s%n", firstCrops.size(), sheet.toAbsolutePath());
        }
        List<TrainingExample> examples = new ArrayList<>(photos.examples());
        examples.addAll(crops.examples());
        List<String> skipped = new ArrayList<>(photos.skipped());
        skipped.addAll(crops.skipped());
        return new ExampleLoader.Loaded(examples, skipped);
    }

    private static String balance(ExampleLoader.Loaded loaded, List<String> names, int numClasses) {
        int[] counts = loaded.classCounts(numClasses);
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < numClasses; c++) {
            sb.append(c == 0 ? "" : ", ").append(names.get(c)).append(' ').append(counts[c]);
        }
        return sb.toString();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * {@code modelDir}, or a free folder beside it when something filled it during training (saying so):
     * a finished run's model is never lost to a full folder.
     */
    public static Path exportFolder(Path modelDir, PrintStream out) throws IOException {
        Path target = ModelExporter.freeFolder(modelDir);
        if (!target.equals(modelDir)) {
            out.printf("%s was filled while training; exporting to %s instead%n", modelDir.toAbsolutePath(),
                    target.toAbsolutePath());
        }
        return target;
    }

    /** Stops training after the current step; the best model so far is still exported. */
    public void cancel() {
        Trainer t = trainer;
        if (t != null) {
            t.cancel();
        }
    }

    /**
     * Defaults per preset: the seed protocol (100 epochs, Adam 1e-3) for {@code seed} and {@code small}.
     * The tiny preset weights the box 10x (on synthetic faces, that weight reached mean IoU 0.66 after
     * 30 s of training and 0.70-0.77 after 120 s), runs 60 epochs with cosine decay, and is
     * set up for small datasets, where it overfits: on 420 training images (600 generated) the earlier
     * recipe (batch 32, peak rate 3e-3, flip and brightness) ended at train accuracy 1.00 and IoU 0.67
     * but test accuracy 0.933 and mean IoU 0.54. So: batch 16, which gives twice the steps for the same
     * images seen (so about the same time), at a peak rate of 2e-3 (3e-3 scaled by the square root of the
     * batch ratio); and a random shift of up to 15% of the side, which moves the face and its box
     * together, so the box head cannot memorise where the faces of the training split are.
     * Without the decay the last epochs jumped between good and collapsed inference-mode accuracy.
     */
    public static TrainingOptions.Builder defaults(Preset preset) {
        TrainingOptions.Builder b = TrainingOptions.builder();
        if (preset == Preset.TINY) {
            b.epochs(TINY_EPOCHS).batchSize(TINY_BATCH).learningRate(2e-3).cosineDecay(true).boxLossWeight(10)
                    .flipAugmentation(true).brightnessAugmentation(0.2).shiftAugmentation(0.15);
        }
        return b;
    }

    /** Default epochs of the tiny preset. */
    public static final int TINY_EPOCHS = 60;

    /** Default batch size of the tiny preset (32 for the others). */
    public static final int TINY_BATCH = 16;

    /** What a run produced. */
    public record Result(Path modelDir, TrainingResult training, DatasetSplits splits, int skippedImages) {}
}
