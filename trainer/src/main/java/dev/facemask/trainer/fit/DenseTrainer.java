package dev.facemask.trainer.fit;

import dev.facemask.trainer.fit.TrainingResult.StopReason;
import dev.facemask.trainer.model.ModelConfig;
import dev.facemask.trainer.model.ModelWeights;
import dev.facemask.vision.dataset.Annotation;
import dev.facemask.vision.detect.CenterDecoder;
import dev.facemask.vision.detect.DecodeOptions;
import dev.facemask.vision.detect.DetectedFace;
import dev.facemask.vision.evaluate.ClassScoring;
import dev.facemask.vision.evaluate.DetectionAccumulator;
import dev.facemask.vision.evaluate.DetectionMetrics;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Fits the dense multi-face head: Adam with warm-up and cosine decay, box-preserving augmentation
 * prepared on a second thread while TensorFlow runs the step, per-epoch validation, and the best
 * epoch chosen by validation mAP@0.5 (VOC), not by loss: a lower focal loss does not always mean
 * better-ranked faces. Like {@link Trainer}, it keeps the best epoch as a checkpoint in the run
 * folder, resumes from it ({@link TrainingOptions#resume()}), and stops cleanly on {@link #cancel()}.
 *
 * <pre>{@code
 * DenseTrainingResult r = DenseTrainer.builder()
 *         .model(ModelConfig.builder(Preset.DETECT_TINY).numClasses(3).build())
 *         .options(TrainingOptions.builder().epochs(30).batchSize(16).outputDir(Path.of("runs/d")).build())
 *         .build()
 *         .fit(train, validation);
 * }</pre>
 */
public final class DenseTrainer {

    /**
     * Linear warm-up of the learning rate over the first steps (Adam from scratch on a focal loss
     * is jumpy), at most a tenth of the run so that short runs still train at full rate.
     */
    static final int WARMUP_STEPS = 300;

    private final ModelConfig config;
    private final TrainingOptions options;
    private final AugmentOptions augment;
    private final DecodeOptions decode;
    private final float[] classWeights;
    private final ModelWeights initialWeights;
    private final PrintStream out;
    private final AtomicBoolean cancelled = new AtomicBoolean();

    private DenseTrainer(Builder b) {
        this.config = b.config;
        this.options = b.options;
        this.augment = b.augment;
        this.decode = b.decode;
        this.classWeights = b.classWeights != null ? b.classWeights.clone() : ones(b.config.numClasses());
        this.initialWeights = b.initialWeights;
        this.out = b.out;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Asks a running {@link #fit} to stop after its current step; safe from any thread. */
    public void cancel() {
        cancelled.set(true);
    }

    /**
     * Trains on {@code train}, validating on {@code validation} after every epoch.
     *
     * @throws IllegalArgumentException when a split is empty
     * @throws IOException when the history cannot be written
     */
    public DenseTrainingResult fit(List<DenseExample> train, List<DenseExample> validation) throws IOException {
        if (train.isEmpty() || validation.isEmpty()) {
            throw new IllegalArgumentException("The dense head needs training and validation images, got "
                    + train.size() + " and " + validation.size());
        }
        long start = System.nanoTime();
        ExecutorService prefetch = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "dense-batch-prefetch");
            t.setDaemon(true);
            return t;
        });
        try (DenseTrainingSession session = DenseTrainingSession.create(config, options, classWeights)) {
            if (initialWeights != null) {
                session.restore(initialWeights, 0);
                out.printf(Locale.ROOT, "Started from %d weight arrays of another model%n", initialWeights.arrays().size());
            }
            out.printf(Locale.ROOT, "Built %s training graph in %.1f s%n", config.preset().id(),
                    (System.nanoTime() - start) / 1e9);
            return new Loop(session, train, validation, prefetch).run();
        } finally {
            prefetch.shutdownNow();
        }
    }

    /** The state of one {@link #fit} call. */
    private final class Loop {
        private final DenseTrainingSession session;
        private final DenseBatchAssembler trainBatches;
        private final DenseBatchAssembler valBatches;
        private final ExecutorService prefetch;
        private final SplittableRandom augmentRandom = new SplittableRandom(options.seed() ^ 0x5DEECE66DL);
        private final DenseHistory history = new DenseHistory();
        private final CenterDecoder decoder = new CenterDecoder(decode);
        private final CheckpointStore checkpoints = new CheckpointStore(options.outputDir());
        private final TimeBudget budget = TimeBudget.start(options.timeLimit(), System::nanoTime);
        private int startEpoch = 1;
        private int bestEpoch;
        private double bestMap = -1;
        private ModelWeights bestWeights;
        /** The weights the last validation scored (the averages, when kept), with their batch-norm statistics. */
        private ModelWeights lastValidated;

        Loop(DenseTrainingSession session, List<DenseExample> train, List<DenseExample> val, ExecutorService prefetch) {
            this.session = session;
            int g = config.denseGridSize();
            this.trainBatches = new DenseBatchAssembler(train, options.batchSize(), augment, g, config.numClasses(),
                    options.seed());
            this.valBatches = new DenseBatchAssembler(val, options.batchSize(), AugmentOptions.NONE, g,
                    config.numClasses(), options.seed());
            this.prefetch = prefetch;
        }

        DenseTrainingResult run() throws IOException {
            if (options.resume()) {
                resume();
            }
            StopReason reason = StopReason.COMPLETED;
            for (int epoch = startEpoch; epoch <= options.epochs(); epoch++) {
                if (epoch > startEpoch && !budget.anotherEpochFits()) {
                    out.println(budget.stopLine(epoch - 1, options.epochs()));
                    reason = StopReason.TIME_LIMIT;
                    break;
                }
                long epochStart = System.nanoTime();
                DenseEpochMetrics m = runEpoch(epoch);
                if (m == null) {
                    reason = StopReason.CANCELLED;
                    break;
                }
                budget.epochTook(System.nanoTime() - epochStart);
                history.add(m);
                boolean improved = m.valMap50() > bestMap;
                out.println(m.summaryLine(options.epochs()) + (improved ? " - saved best" : ""));
                if (improved) {
                    saveBest(m);
                }
                history.write(options.outputDir());
            }
            ModelWeights last = lastValidated != null && reason != StopReason.CANCELLED ? lastValidated
                    : session.modelWeights();
            if (reason == StopReason.CANCELLED) {
                out.println(bestEpoch > 0
                        ? String.format(Locale.ROOT, "Interrupted: keeping the best epoch %d (val mAP@0.5 %.3f);"
                                + " its checkpoint is in %s (--resume continues from it)", bestEpoch, bestMap,
                                checkpoints.directory())
                        : "Interrupted before the first epoch ended: keeping the current weights");
            }
            return new DenseTrainingResult(config, history.epochs(), bestEpoch, bestWeights != null ? bestWeights : last,
                    last, reason, options.outputDir());
        }

        private void saveBest(DenseEpochMetrics m) throws IOException {
            ModelWeights all = session.allVariables();
            bestMap = m.valMap50();
            bestEpoch = m.epoch();
            bestWeights = lastValidated;
            checkpoints.saveDense(new DenseCheckpoint(config, m.epoch(), session.step(), m.valMap50(),
                    history.epochs(), all));
        }

        /** Continues after the checkpoint's epoch, with its weights, Adam state, schedule step and history. */
        private void resume() throws IOException {
            DenseCheckpoint c = checkpoints.loadDense().orElseThrow(() -> checkpoints.missing("dense checkpoint"));
            checkpoints.checkResumable(c.config(), config);
            // A run resumed without averages leaves the checkpoint's behind; one with them, from a
            // checkpoint without, starts them from the weights (DenseTrainingSession.restore).
            session.restore(session.averagesWeights() ? c.variables()
                    : c.variables().filter(name -> !WeightAverage.isAverage(name)), c.adamStep());
            c.history().forEach(history::add);
            bestEpoch = c.epoch();
            bestMap = c.bestValMap50();
            bestWeights = c.modelWeights();
            startEpoch = c.epoch() + 1;
            out.printf(Locale.ROOT, "Resumed from epoch %d (val mAP@0.5 %.3f, Adam step %d)%n", c.epoch(),
                    c.bestValMap50(), c.adamStep());
        }

        /** Trains and validates one epoch; null when cancelled mid-way. */
        private DenseEpochMetrics runEpoch(int epoch) {
            long start = System.nanoTime();
            List<int[]> batches = trainBatches.shuffledBatches(epoch);
            long totalSteps = (long) options.epochs() * batches.size();
            double loss = 0;
            double heat = 0;
            double box = 0;
            int images = 0;
            try (EpochProgress progress = new EpochProgress(out, epoch, options.epochs(), batches.size())) {
                Future<DenseBatch> next = prefetch.submit(() -> trainBatches.assemble(batches.get(0), augmentRandom));
                for (int i = 0; i < batches.size(); i++) {
                    if (cancelled.get()) {
                        next.cancel(true);
                        return null;
                    }
                    DenseBatch batch = await(next);
                    if (i + 1 < batches.size()) {
                        int[] following = batches.get(i + 1);
                        next = prefetch.submit(() -> trainBatches.assemble(following, augmentRandom));
                    }
                    DenseStepResult r = session.trainStep(batch, rateAt(session.step(), totalSteps));
                    loss += r.totalLoss() * batch.size();
                    heat += r.heatmapLoss() * batch.size();
                    box += r.boxLoss() * batch.size();
                    images += batch.size();
                    progress.step(String.format(Locale.ROOT, "loss %.4f heatmap %.4f box %.4f", loss / images,
                            heat / images, box / images));
                }
            }
            double trainSeconds = (System.nanoTime() - start) / 1e9;
            // The averages are validated (and exported) in place of the weights; training goes on from
            // the weights. Batch norm is recalibrated for what is validated, and the training-mode
            // pass that follows uses batch statistics, so those moving statistics can stay.
            ModelWeights trained = session.swapInAverage();
            recalibrateBatchNorm();
            Validation v = validate();
            lastValidated = session.modelWeights();
            session.swapOutAverage(trained);
            return new DenseEpochMetrics(epoch, loss / images, heat / images, box / images, v.loss, v.heat, v.box,
                    v.metrics.map50(), v.metrics.map50to95(), images / trainSeconds, (System.nanoTime() - start) / 1e9);
        }

        /** Batch norm's statistics recalibrated on up to {@link Trainer#RECALIBRATION_BATCHES} unaugmented training batches. */
        private void recalibrateBatchNorm() {
            List<int[]> ordered = trainBatches.orderedBatches();
            List<DenseBatch> batches = new java.util.ArrayList<>();
            for (int[] indices : ordered.subList(0, Math.min(Trainer.RECALIBRATION_BATCHES, ordered.size()))) {
                batches.add(trainBatches.assemble(indices, null));
            }
            session.recalibrateBatchNorm(batches);
        }

        private Validation validate() {
            // The best epoch is chosen by the mAP that evaluate reports, with the same class scoring.
            DetectionAccumulator accumulator = DetectionAccumulator.builder().classCount(config.numClasses())
                    .classScoring(ClassScoring.DEFAULT).build();
            double loss = 0;
            double heat = 0;
            double box = 0;
            int images = 0;
            for (int[] indices : valBatches.orderedBatches()) {
                DenseBatch batch = valBatches.assemble(indices, null);
                DenseStepResult r = session.evaluate(batch);
                List<List<DetectedFace>> faces = r.maps().decode(decoder);
                for (int i = 0; i < batch.size(); i++) {
                    accumulator.add(batch.truths().get(i), faces.get(i));
                }
                loss += r.totalLoss() * batch.size();
                heat += r.heatmapLoss() * batch.size();
                box += r.boxLoss() * batch.size();
                images += batch.size();
            }
            return new Validation(loss / images, heat / images, box / images, accumulator.result());
        }

        /** Warm-up from 0, then the options' schedule (cosine decay when asked). */
        private double rateAt(long step, long totalSteps) {
            double rate = options.learningRateAt(step, totalSteps, budget.used());
            long warmup = Math.max(1, Math.min(WARMUP_STEPS, totalSteps / 10));
            return step < warmup ? rate * (step + 1) / warmup : rate;
        }
    }

    private record Validation(double loss, double heat, double box, DetectionMetrics metrics) {}

    private static DenseBatch await(Future<DenseBatch> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while preparing a batch", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        }
    }

    private static float[] ones(int n) {
        float[] w = new float[n];
        Arrays.fill(w, 1f);
        return w;
    }

    /** Builder for {@link DenseTrainer}; model and options are required. */
    public static final class Builder {
        private ModelConfig config;
        private TrainingOptions options;
        private AugmentOptions augment = AugmentOptions.DEFAULTS;
        private DecodeOptions decode = DecodeOptions.DEFAULTS;
        private float[] classWeights;
        private ModelWeights initialWeights;
        private PrintStream out = System.out;

        private Builder() {}

        public Builder model(ModelConfig config) {
            this.config = Objects.requireNonNull(config, "config");
            return this;
        }

        public Builder options(TrainingOptions options) {
            this.options = Objects.requireNonNull(options, "options");
            return this;
        }

        /** Augmentation of training images (default {@link AugmentOptions#DEFAULTS}). */
        public Builder augment(AugmentOptions augment) {
            this.augment = Objects.requireNonNull(augment, "augment");
            return this;
        }

        /** How validation decodes faces for its mAP (default {@link DecodeOptions#DEFAULTS}). */
        public Builder decode(DecodeOptions decode) {
            this.decode = Objects.requireNonNull(decode, "decode");
            return this;
        }

        /** Weight of each class in the focal loss, float[classes]; default all 1. */
        public Builder classWeights(float[] weights) {
            this.classWeights = Objects.requireNonNull(weights, "weights").clone();
            return this;
        }

        /** Weights to start from instead of random ones, such as another model's backbone (by variable name). */
        public Builder initialWeights(ModelWeights weights) {
            this.initialWeights = Objects.requireNonNull(weights, "weights");
            return this;
        }

        /** Where the progress bar and epoch lines go (default {@code System.out}). */
        public Builder progress(PrintStream out) {
            this.out = Objects.requireNonNull(out, "out");
            return this;
        }

        public DenseTrainer build() {
            if (config == null || options == null) {
                throw new IllegalStateException("DenseTrainer needs model(ModelConfig) and options(TrainingOptions)");
            }
            if (!config.dense()) {
                throw new IllegalStateException(config.preset().id() + " has no dense head: use Trainer, or a detect-* preset");
            }
            if (classWeights != null && classWeights.length != config.numClasses()) {
                throw new IllegalStateException("classWeights has " + classWeights.length + " values for "
                        + config.numClasses() + " classes: give one weight per class");
            }
            return new DenseTrainer(this);
        }
    }
}
