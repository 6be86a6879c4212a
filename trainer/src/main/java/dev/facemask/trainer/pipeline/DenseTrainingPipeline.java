package dev.facemask.trainer.pipeline;

import dev.facemask.trainer.evaluate.DenseEvaluator;
import dev.facemask.trainer.export.InferenceModel;
import dev.facemask.trainer.export.ModelExporter;
import dev.facemask.trainer.fit.AugmentOptions;
import dev.facemask.trainer.fit.DenseEpochMetrics;
import dev.facemask.trainer.fit.DenseTrainer;
import dev.facemask.trainer.fit.DenseTrainingResult;
import dev.facemask.trainer.fit.ExportEpoch;
import dev.facemask.trainer.fit.TrainingOptions;
import dev.facemask.trainer.model.ModelConfig;
import dev.facemask.trainer.model.ModelWeights;
import dev.facemask.vision.dataset.Annotation;
import dev.facemask.vision.dataset.DropReason;
import dev.facemask.vision.dataset.LabeledImage;
import dev.facemask.vision.dataset.Split;
import dev.facemask.vision.detect.CenterDecoder;
import dev.facemask.vision.detect.DecodeOptions;
import dev.facemask.vision.evaluate.ClassDetectionMetrics;
import dev.facemask.vision.evaluate.ClassScoring;
import dev.facemask.vision.evaluate.DetectionMetrics;
import dev.facemask.vision.model.ModelMetadata;
import dev.facemask.vision.preprocess.ColorMode;
import dev.facemask.vision.preprocess.PreparedImage;
import dev.facemask.vision.preprocess.Preprocessor;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./detector train --preset detect-*} end to end: every face of every image, split by the
 * all-faces manifest, class balance shown, the dense head fitted, the chosen weights exported,
 * and the held-out test split scored by VOC and COCO mAP.
 *
 * <pre>{@code
 * DenseTrainingPipeline.Result r = DenseTrainingPipeline.builder(Path.of("data/obj"), Path.of("models/d"))
 *         .model(ModelConfig.builder(Preset.DETECT_SMALL)).options(options).build().run(System.out);
 * }</pre>
 */
public final class DenseTrainingPipeline {

    private final Path data;
    private final Path modelDir;
    private final ModelConfig.Builder model;
    private final TrainingOptions training;
    private final AugmentOptions augment;
    private final DecodeOptions decode;
    private final ClassWeighting weighting;
    private final ModelWeights initialWeights;
    private final long splitSeed;
    private volatile DenseTrainer trainer;

    private DenseTrainingPipeline(Builder b) {
        this.data = b.data;
        this.modelDir = b.modelDir;
        this.model = b.model;
        this.training = b.training;
        this.augment = b.augment;
        this.decode = b.decode;
        this.weighting = b.weighting;
        this.initialWeights = b.initialWeights;
        this.splitSeed = b.splitSeed;
    }

    public static Builder builder(Path data, Path modelDir) {
        return new Builder(data, modelDir);
    }

    /** What a run produced: the model folder, the fit and the test split's scores. */
    public record Result(Path modelDir, DenseTrainingResult training, DetectionMetrics test, DatasetSplits splits) {}

    public Result run(PrintStream out) throws IOException {
        DatasetSplits splits = DatasetSplits.openAllFaces(data, splitSeed);
        ModelConfig config = model.numClasses(splits.classNames().size()).build();
        List<LabeledImage> trainImages = splits.images(Split.TRAIN);
        out.printf(Locale.ROOT, "Dataset %s: %d images with %d faces (train %d, val %d, test %d images), %d files dropped%n",
                splits.scan().root(), splits.scan().valid().size(), faces(splits.scan().valid()), trainImages.size(),
                splits.manifest().val().size(), splits.manifest().test().size(),
                // Multi-face images are listed as dropped for the single head only; this head keeps them.
                splits.scan().dropped().size() - splits.scan().dropped(DropReason.MULTIPLE_OBJECTS).size());
        int[] balance = classBalance(trainImages, config.numClasses());
        float[] classWeights = weighting.weights(balance);
        out.println("Training faces per class: " + describe(splits.classNames(), balance, classWeights));
        out.printf("Model %s%n", config);
        Preprocessor preprocessor = new Preprocessor(config.inputSize(), ColorMode.forChannels(config.channels()));
        DenseExampleLoader loader = new DenseExampleLoader(preprocessor);
        DenseExampleLoader.Loaded train = loader.load(trainImages, "train", out);
        DenseExampleLoader.Loaded val = loader.load(splits.images(Split.VAL), "val", out);
        train.skipped().forEach(s -> out.println("skipped unreadable image " + s));
        val.skipped().forEach(s -> out.println("skipped unreadable image " + s));

        DenseTrainer.Builder tb = DenseTrainer.builder().model(config).options(training).augment(augment).decode(decode)
                .classWeights(classWeights).progress(out);
        if (initialWeights != null) {
            tb.initialWeights(initialWeights);
        }
        trainer = tb.build();
        // Ctrl-C stops training after the current step; the hook then waits for the export, so the
        // best model so far is saved before the JVM exits.
        CountDownLatch exported = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            cancel();
            try {
                exported.await(5, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "train-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return fitAndExport(config, splits, train, val, preprocessor, out);
        } finally {
            exported.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running and has just been released by `exported`.
            }
        }
    }

    private Result fitAndExport(ModelConfig config, DatasetSplits splits, DenseExampleLoader.Loaded train,
            DenseExampleLoader.Loaded val, Preprocessor preprocessor, PrintStream out) throws IOException {
        DenseTrainingResult result = trainer.fit(train.examples(), val.examples());
        boolean last = training.export() == ExportEpoch.FINAL;
        ModelWeights chosen = last ? result.finalWeights() : result.bestWeights();
        DetectionMetrics test = evaluate(config, chosen, preprocessor, splits.images(Split.TEST), splits.classNames(), out);
        ModelMetadata metadata = ModelExporter.metadata(config, splits.classNames(), metrics(result, test),
                splits.manifest().fingerprint(Split.TRAIN, splits.scan()), decode);
        Path target = TrainingPipeline.exportFolder(modelDir, out);
        ModelExporter.export(config, chosen, target, metadata);
        out.printf(Locale.ROOT, "Exported the %s model (best epoch %d, %s) to %s%n",
                last ? "last epoch's" : "best", result.bestEpoch(),
                result.stopReason().name().toLowerCase(Locale.ROOT).replace('_', ' '), target.toAbsolutePath());
        return new Result(target, result, test, splits);
    }

    /** Decay of the weight average the detect-* presets validate and export (see {@link TrainingOptions#weightAverageDecay()}). */
    public static final double WEIGHT_AVERAGE_DECAY = 0;

    /**
     * Training defaults of a dense preset: Adam with warm-up and cosine decay, batch 16, box loss
     * weight 1 (sizes are regressed in log space, so no 0.1 scale as CenterNet's pixel sizes need).
     * 120 epochs; {@code detect-tiny} at 4e-3 (synthetic scenes: test mAP@0.5 0.94, against 0.80
     * after 60 epochs), the deeper presets at 2e-3.
     */
    public static TrainingOptions.Builder defaults(dev.facemask.trainer.model.Preset preset) {
        boolean tiny = preset == dev.facemask.trainer.model.Preset.DETECT_TINY;
        return TrainingOptions.builder().epochs(120).batchSize(16).learningRate(tiny ? 4e-3 : 2e-3)
                .cosineDecay(true).boxLossWeight(1)
                .weightAverageDecay(WEIGHT_AVERAGE_DECAY);
    }

    /** Stops training after the current step; the model so far is still exported. */
    public void cancel() {
        DenseTrainer t = trainer;
        if (t != null) {
            t.cancel();
        }
    }

    private DetectionMetrics evaluate(ModelConfig config, ModelWeights weights, Preprocessor preprocessor,
            List<LabeledImage> test, List<String> classNames, PrintStream out) {
        CenterDecoder decoder = new CenterDecoder(decode);
        try (InferenceModel inference = InferenceModel.create(config, weights)) {
            DenseEvaluator evaluator = new DenseEvaluator(preprocessor,
                    images -> inference.denseMaps(stack(images), images.size()).decode(decoder), config.numClasses(), 16);
            DenseEvaluator.Result r = evaluator.run(test);
            out.println(summary("Test", r.metrics(), config.numClasses()));
            out.println(anyClassSummary(r.anyClass()));
            out.print(topClassSummary(r));
            out.println(r.classConfusion().lines(classNames));
            out.println(r.recallBySize().lines(classNames));
            return r.metrics();
        }
    }

    /** One line per class and the means: what the README and the closing notes quote. */
    public static String summary(String split, DetectionMetrics m, int classes) {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%s: mAP@0.5 %.3f, mAP@[.5:.95] %.3f over %d images"
                + " (%d faces, %d found at IoU 0.5, %d missed, %d false alarms)", split, m.map50(), m.map50to95(),
                m.images().size(), m.truths(), m.truePositives(), m.misses(), m.falseAlarms()));
        for (ClassDetectionMetrics c : m.perClass()) {
            s.append(String.format(Locale.ROOT, "%n  class %d: AP@0.5 %.3f, AP@[.5:.95] %.3f (%d faces, %d predictions)",
                    c.classId(), c.ap50(), c.ap50to95(), c.truths(), c.predictions()));
        }
        return s.toString();
    }

    /**
     * Under a multi-label {@link #summary}, the same APs with each face in its top class only (what a
     * consumer of the stream is shown), ending with a line break; empty when that was the scoring.
     */
    public static String topClassSummary(DenseEvaluator.Result r) {
        if (r.classScoring() == ClassScoring.TOP_CLASS) {
            return "";
        }
        DetectionMetrics m = r.topClass();
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "  scored with every class score (multi-label);"
                + " each face in its top class only: mAP@0.5 %.3f, mAP@[.5:.95] %.3f (", m.map50(), m.map50to95()));
        for (ClassDetectionMetrics c : m.perClass()) {
            s.append(String.format(Locale.ROOT, "%sclass %d %.3f", c.classId() == 0 ? "" : ", ", c.classId(), c.ap50()));
        }
        return s.append(")").append(System.lineSeparator()).toString();
    }

    /** The class-agnostic line under {@link #summary}: faces found and boxed, whatever their class. */
    public static String anyClassSummary(DetectionMetrics anyClass) {
        return String.format(Locale.ROOT, "  any class (a face found, its class ignored): AP@0.5 %.3f, AP@[.5:.95] %.3f"
                + " (%d found at IoU 0.5, %d missed, %d false alarms)", anyClass.map50(), anyClass.map50to95(),
                anyClass.truePositives(), anyClass.misses(), anyClass.falseAlarms());
    }

    private static float[] stack(List<PreparedImage> images) {
        int per = images.get(0).pixels().length;
        float[] all = new float[per * images.size()];
        for (int i = 0; i < images.size(); i++) {
            System.arraycopy(images.get(i).pixels(), 0, all, i * per, per);
        }
        return all;
    }

    private static Map<String, Double> metrics(DenseTrainingResult r, DetectionMetrics test) {
        Map<String, Double> m = new LinkedHashMap<>();
        DenseEpochMetrics best = r.bestMetrics();
        if (best != null) {
            m.put("val_map50", best.valMap50());
            m.put("val_map50_95", best.valMap50to95());
        }
        m.put("test_map50", test.map50());
        m.put("test_map50_95", test.map50to95());
        return m;
    }

    private static int faces(List<LabeledImage> images) {
        return images.stream().mapToInt(i -> i.annotations().size()).sum();
    }

    static int[] classBalance(List<LabeledImage> images, int classes) {
        int[] counts = new int[classes];
        for (LabeledImage image : images) {
            for (Annotation a : image.annotations()) {
                counts[a.classId()]++;
            }
        }
        return counts;
    }

    private static String describe(List<String> names, int[] counts, float[] weights) {
        int total = java.util.Arrays.stream(counts).sum();
        StringBuilder s = new StringBuilder();
        for (int c = 0; c < counts.length; c++) {
            s.append(c == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%s %d (%.1f%%, weight %.2f)", names.get(c),
                    counts[c], total == 0 ? 0 : 100.0 * counts[c] / total, weights[c]));
        }
        return s.toString();
    }

    /** Builder for {@link DenseTrainingPipeline}; model and options are required. */
    public static final class Builder {
        private final Path data;
        private final Path modelDir;
        private ModelConfig.Builder model;
        private TrainingOptions training;
        private AugmentOptions augment = AugmentOptions.DEFAULTS;
        private DecodeOptions decode = DecodeOptions.DEFAULTS;
        private ClassWeighting weighting = ClassWeighting.NONE;
        private ModelWeights initialWeights;
        private long splitSeed = DatasetSplits.DEFAULT_SPLIT_SEED;

        private Builder(Path data, Path modelDir) {
            this.data = Objects.requireNonNull(data, "data");
            this.modelDir = Objects.requireNonNull(modelDir, "modelDir");
        }

        public Builder model(ModelConfig.Builder model) {
            this.model = Objects.requireNonNull(model, "model");
            return this;
        }

        public Builder options(TrainingOptions training) {
            this.training = Objects.requireNonNull(training, "training");
            return this;
        }

        public Builder augment(AugmentOptions augment) {
            this.augment = Objects.requireNonNull(augment, "augment");
            return this;
        }

        public Builder decode(DecodeOptions decode) {
            this.decode = Objects.requireNonNull(decode, "decode");
            return this;
        }

        public Builder classWeighting(ClassWeighting weighting) {
            this.weighting = Objects.requireNonNull(weighting, "weighting");
            return this;
        }

        /** Start from these weights (for example another model's backbone) instead of random ones. */
        public Builder initialWeights(ModelWeights weights) {
            this.initialWeights = Objects.requireNonNull(weights, "weights");
            return this;
        }

        public Builder splitSeed(long splitSeed) {
            this.splitSeed = splitSeed;
            return this;
        }

        public DenseTrainingPipeline build() {
            if (model == null || training == null) {
                throw new IllegalStateException("DenseTrainingPipeline needs model(...) and options(...)");
            }
            return new DenseTrainingPipeline(this);
        }
    }
}
