package dev.facemask.cli.bench;

import dev.facemask.cli.train.EvaluatedSplit;
import dev.facemask.inference.BatchPredictor;
import dev.facemask.inference.NonFiniteOutputException;
import dev.facemask.inference.Precision;
import dev.facemask.inference.Prediction;
import dev.facemask.inference.PredictorBenchmark;
import dev.facemask.inference.SharedModel;
import dev.facemask.trainer.evaluate.DenseEvaluator;
import dev.facemask.trainer.evaluate.Evaluation;
import dev.facemask.trainer.evaluate.EvaluationMetrics;
import dev.facemask.trainer.evaluate.EvaluationOptions;
import dev.facemask.trainer.evaluate.LabeledSample;
import dev.facemask.vision.dataset.ImageFiles;
import dev.facemask.vision.dataset.LabeledImage;
import dev.facemask.vision.evaluate.ClassDetectionMetrics;
import dev.facemask.vision.evaluate.DetectionMetrics;
import dev.facemask.vision.model.ModelMetadata;
import dev.facemask.vision.preprocess.PreparedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code detector bench precision}: one model evaluated on the same images in fp32 and in bf16, with
 * the figures {@code evaluate} prints (accuracy and IoU, or VOC and COCO mAP per class), the model's
 * own images/s in each, and the differences. A benchmark: it reports, it does not judge.
 */
@Command(name = "precision", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Evaluate a model on a split in fp32 and in bf16 in one run (same images, same code as "
            + "`evaluate`): accuracy and mean IoU (single-head models) or mAP@0.5 and mAP@[.5:.95] per class "
            + "(detect-* models), the model's own images/s in each (predictor calls on a prepared batch, "
            + "alternating between the two), the speed ratio and the difference in points."})
final class PrecisionCommand implements Callable<Integer> {

    /** Speed is measured in this many rounds, alternating fp32 and bf16, so both see the same load. */
    static final int ROUNDS = 3;
    /** Calls on one batch whose outputs must agree for a model to count as repeatable. */
    static final int REPEATS = 5;

    @Spec
    CommandSpec spec;

    @Mixin
    EvaluatedSplit target;

    @Option(names = "--batch", defaultValue = "8", description = "Images per model call (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--seconds", defaultValue = "1", description = "Seconds of timed model calls per precision and round, "
            + ROUNDS + " rounds (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--report", paramLabel = "DIR", description = "Where each precision's evaluation report goes "
            + "(<DIR>/fp32, <DIR>/bf16). Default: <model>-precision.")
    Path report;

    @Override
    public Integer call() throws Exception {
        if (batch < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--batch must be at least 1, was " + batch);
        }
        QuietConsole.apply();
        PrintWriter out = spec.commandLine().getOut();
        Path model = target.model();
        target.split(); // an unknown split name fails before the models load
        Path reports = report != null ? report : model.resolveSibling(model.getFileName() + "-precision");
        ModelMetadata meta = ModelMetadata.read(model);
        Map<Precision, Column> columns = new EnumMap<>(Precision.class);
        try (SharedModel.Lease fp32 = SharedModel.acquire(model, Precision.FP32);
                SharedModel.Lease bf16 = SharedModel.acquire(model, Precision.BF16)) {
            Map<Precision, SharedModel.Lease> leases = Map.of(Precision.FP32, fp32, Precision.BF16, bf16);
            List<PreparedImage> speedBatch;
            if (meta.dense()) {
                List<LabeledImage> images = target.allFaces();
                out.printf("Model %s (%s, every face), %s split of %s: %d images, batch %d%n", model, meta.preset(),
                        target.splitName(), target.data(), images.size(), batch);
                speedBatch = prepare(meta, images.stream().map(LabeledImage::image).toList());
                for (Precision p : Precision.values()) {
                    columns.put(p, denseColumn(p, leases.get(p), meta, images));
                }
            } else {
                List<LabeledSample> samples = target.samples();
                out.printf("Model %s (%s, single head), %s split of %s: %d images, batch %d%n", model, meta.preset(),
                        target.splitName(), target.data(), samples.size(), batch);
                speedBatch = prepare(meta, samples.stream().map(LabeledSample::image).toList());
                for (Precision p : Precision.values()) {
                    columns.put(p, singleColumn(p, leases.get(p), meta, samples, reports.resolve(p.id())));
                }
            }
            out.flush();
            Map<Precision, Double> drift = repeatability(leases, columns, speedBatch);
            Map<Precision, PredictorBenchmark.Timing> speed = speed(leases, columns, speedBatch);
            print(out, meta, columns, speed, drift);
        }
        out.printf("Reports: %s%n", reports);
        return 0;
    }

    /** accuracy, mean IoU and mAP@0.5 through {@link Evaluation}, as {@code evaluate} computes them. */
    private Column singleColumn(Precision p, SharedModel.Lease lease, ModelMetadata meta, List<LabeledSample> samples,
            Path out) throws IOException {
        Recording recording = new Recording(lease.predictor());
        try {
            EvaluationMetrics m = Evaluation.run(EvaluationOptions.builder().modelDir(target.model()).samples(samples)
                    .outputDir(out).batchSize(batch).gridImages(0).build(), recording, meta).report().metrics();
            Map<String, Double> figures = new LinkedHashMap<>();
            figures.put("accuracy", m.accuracy());
            figures.put("mean IoU", m.meanIou());
            figures.put("median IoU", m.medianIou());
            figures.put("IoU>=0.5", m.iouAtLeast50());
            figures.put("mAP@0.5", m.map50());
            return Column.of(figures, recording);
        } catch (NonFiniteOutputException e) {
            return Column.failed(e.getMessage());
        }
    }

    /** VOC mAP@0.5 and COCO mAP@[.5:.95], overall and per class, through {@link DenseEvaluator}. */
    private Column denseColumn(Precision p, SharedModel.Lease lease, ModelMetadata meta, List<LabeledImage> images) {
        Recording recording = new Recording(lease.predictor());
        try {
            DenseEvaluator evaluator = new DenseEvaluator(meta.preprocessor(),
                    b -> recording.predict(b, false).stream().map(Prediction::faces).toList(), meta.classes().size(),
                    batch);
            DetectionMetrics m = evaluator.run(images).metrics();
            Map<String, Double> figures = new LinkedHashMap<>();
            figures.put("mAP@0.5", m.map50());
            figures.put("mAP@[.5:.95]", m.map50to95());
            for (ClassDetectionMetrics c : m.perClass()) {
                String label = meta.classLabel(c.classId());
                figures.put(label + " AP@0.5 (" + c.truths() + " faces)", c.ap50());
                figures.put(label + " AP@[.5:.95]", c.ap50to95());
            }
            return Column.of(figures, recording);
        } catch (NonFiniteOutputException e) {
            return Column.failed(e.getMessage());
        }
    }

    /** The first {@code batch} readable images of the split, prepared, for the speed figures. */
    private List<PreparedImage> prepare(ModelMetadata meta, List<Path> files) {
        List<PreparedImage> prepared = new ArrayList<>();
        for (Path file : files) {
            if (prepared.size() == batch) {
                break;
            }
            try {
                prepared.add(meta.preprocessor().prepare(ImageFiles.readForModel(file, meta.preprocessor().inputSize())));
            } catch (IOException | RuntimeException e) {
                // evaluate names unreadable images; here any readable ones do
            }
        }
        if (prepared.isEmpty()) {
            throw new IllegalArgumentException("No readable image in the " + target.splitName() + " split of "
                    + target.data());
        }
        int readable = prepared.size();
        for (int i = 0; prepared.size() < batch; i++) {
            prepared.add(prepared.get(i % readable)); // a split smaller than the batch repeats its images
        }
        return prepared;
    }

    /**
     * Per precision that ran, the largest change of a probability or box coordinate between
     * {@link #REPEATS} calls on the same batch: 0 for a deterministic model. Warms the models up too.
     */
    private static Map<Precision, Double> repeatability(Map<Precision, SharedModel.Lease> leases,
            Map<Precision, Column> columns, List<PreparedImage> images) {
        Map<Precision, Double> drift = new EnumMap<>(Precision.class);
        for (Precision p : Precision.values()) {
            if (!columns.get(p).failedBecause().isEmpty()) {
                continue;
            }
            Recording first = new Recording(leases.get(p).predictor());
            first.predict(images, false);
            double largest = 0;
            for (int i = 1; i < REPEATS; i++) {
                Recording again = new Recording(leases.get(p).predictor());
                try {
                    again.predict(images, false);
                } catch (NonFiniteOutputException e) {
                    largest = Double.POSITIVE_INFINITY;
                    continue;
                }
                largest = Math.max(largest, Math.max(Recording.largestChange(first.probabilities, again.probabilities),
                        Recording.largestChange(first.boxes, again.boxes)));
            }
            drift.put(p, largest);
        }
        return drift;
    }

    /** Images/s of each precision that ran: one warm-up call each, then alternating timed rounds. */
    private Map<Precision, PredictorBenchmark.Timing> speed(Map<Precision, SharedModel.Lease> leases,
            Map<Precision, Column> columns, List<PreparedImage> images) {
        List<Precision> running = new ArrayList<>();
        for (Precision p : Precision.values()) {
            if (columns.get(p).failedBecause().isEmpty()) {
                running.add(p); // warmed up by repeatability()
            }
        }
        Map<Precision, PredictorBenchmark.Timing> timing = new EnumMap<>(Precision.class);
        for (int round = 0; round < ROUNDS; round++) {
            for (Precision p : running) {
                timing.merge(p, PredictorBenchmark.time(leases.get(p).predictor(), images, seconds),
                        PredictorBenchmark.Timing::plus);
            }
        }
        return timing;
    }

    private static void print(PrintWriter out, ModelMetadata meta, Map<Precision, Column> columns,
            Map<Precision, PredictorBenchmark.Timing> speed, Map<Precision, Double> drift) {
        Column fp32 = columns.get(Precision.FP32);
        Column bf16 = columns.get(Precision.BF16);
        out.println();
        out.println("| figure | fp32 | bf16 | bf16 - fp32 |");
        out.println("|---|---|---|---|");
        double worst = 0;
        for (String name : fp32.figures().keySet()) {
            double a = fp32.figures().get(name);
            Double b = bf16.figures().get(name);
            double points = b == null ? Double.NaN : 100 * (b - a);
            if (b != null && !name.startsWith("median")) {
                worst = Math.max(worst, Math.abs(points));
            }
            out.printf(Locale.ROOT, "| %s | %.3f | %s | %s |%n", name, a, b == null ? "-" : String.format(Locale.ROOT,
                    "%.3f", b), b == null ? "-" : String.format(Locale.ROOT, "%+.1f points", points));
        }
        PredictorBenchmark.Timing fast = speed.get(Precision.BF16);
        PredictorBenchmark.Timing slow = speed.get(Precision.FP32);
        out.printf(Locale.ROOT, "| images/s, model alone | %.1f | %s | %s |%n", slow.imagesPerSecond(),
                fast == null ? "-" : String.format(Locale.ROOT, "%.1f", fast.imagesPerSecond()),
                fast == null ? "-" : String.format(Locale.ROOT, "%.2fx", fast.imagesPerSecond() / slow.imagesPerSecond()));
        out.printf(Locale.ROOT, "| same batch, %d calls: largest change of an output | %s | %s | |%n", REPEATS,
                describe(drift.get(Precision.FP32)), describe(drift.get(Precision.BF16)));
        if (!bf16.failedBecause().isEmpty()) {
            out.println("bf16 failed: " + bf16.failedBecause());
            return;
        }
        out.printf(Locale.ROOT, "| top class changed | | %d of %d images | |%n", Recording.classChanges(fp32, bf16),
                fp32.classes().size());
        out.printf(Locale.ROOT, "| largest change of a class probability / box coordinate | | %.4f / %.4f | |%n",
                Recording.largestChange(fp32.probabilities(), bf16.probabilities()),
                Recording.largestChange(fp32.boxes(), bf16.boxes()));
        out.printf(Locale.ROOT, "Largest difference in a figure above (median IoU aside): %.1f points; speed ratio %.2fx "
                + "(%s, %d rounds of %.0f s per precision)%n", worst, fast.imagesPerSecond() / slow.imagesPerSecond(),
                meta.name(), ROUNDS, slow.seconds() / ROUNDS);
    }

    private static String describe(Double drift) {
        if (drift == null) {
            return "-";
        }
        if (drift.isInfinite()) {
            return "NaN in a repeat";
        }
        return drift == 0 ? "0 (repeatable)" : String.format(Locale.ROOT, "%.4f (NOT repeatable)", drift);
    }

    /**
     * One precision's figures by name, 0..1, and its predictions' strongest-face class, probabilities
     * and box per image in evaluation order; or why it failed.
     */
    record Column(Map<String, Double> figures, List<Integer> classes, List<float[]> probabilities, List<float[]> boxes,
            String failedBecause) {
        static Column of(Map<String, Double> figures, Recording r) {
            return new Column(figures, r.classes, r.probabilities, r.boxes, "");
        }

        static Column failed(String why) {
            return new Column(Map.of(), List.of(), List.of(), List.of(), why);
        }
    }

    /** Passes calls through and keeps each image's class, probabilities and box. */
    static final class Recording implements BatchPredictor {
        private final BatchPredictor delegate;
        private final List<Integer> classes = new ArrayList<>();
        private final List<float[]> probabilities = new ArrayList<>();
        private final List<float[]> boxes = new ArrayList<>();

        Recording(BatchPredictor delegate) {
            this.delegate = delegate;
        }

        @Override
        public List<Prediction> predict(List<PreparedImage> images, boolean withGradCam) {
            List<Prediction> out = delegate.predict(images, withGradCam);
            for (Prediction p : out) {
                classes.add(p.classId());
                probabilities.add(p.probabilities());
                boxes.add(p.boxXywh());
            }
            return out;
        }

        @Override
        public void close() {
            // the lease owns the model
        }

        static int classChanges(Column a, Column b) {
            int changed = 0;
            for (int i = 0; i < Math.min(a.classes().size(), b.classes().size()); i++) {
                changed += a.classes().get(i).equals(b.classes().get(i)) ? 0 : 1;
            }
            return changed;
        }

        static double largestChange(List<float[]> a, List<float[]> b) {
            double max = 0;
            for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
                for (int j = 0; j < Math.min(a.get(i).length, b.get(i).length); j++) {
                    max = Math.max(max, Math.abs(a.get(i)[j] - b.get(i)[j]));
                }
            }
            return max;
        }
    }
}
