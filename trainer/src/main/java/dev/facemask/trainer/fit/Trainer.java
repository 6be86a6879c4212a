package dev.facemask.trainer.fit;

import dev.facemask.trainer.fit.TrainingResult.StopReason;
import dev.facemask.trainer.model.ModelConfig;
import dev.facemask.trainer.model.ModelWeights;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Fits the two-head model: Adam, seeded shuffling, per-epoch validation, best checkpoint by
 * validation loss, optional early stopping, resume, history files and charts, and a clean stop
 * on Ctrl-C (the best checkpoint is already on disk; the loop ends after the current step).
 *
 * <pre>{@code
 * TrainingResult result = Trainer.builder()
 *         .model(ModelConfig.builder(Preset.TINY).numClasses(2).build())
 *         .options(TrainingOptions.builder().epochs(20).outputDir(Path.of("runs/tiny")).build())
 *         .progress(System.out)
 *         .build()
 *         .fit(trainExamples, validationExamples);
 * }</pre>
 */
public final class Trainer {

    /** Training batches whose statistics batch norm is recalibrated on after every epoch. */
    static final int RECALIBRATION_BATCHES = 16;

    private final ModelConfig config;
    private final TrainingOptions options;
    private final PrintStream out;
    private final boolean stopOnShutdown;
    private final ModelWeights initialWeights;
    private final AtomicBoolean cancelled = new AtomicBoolean();

    private Trainer(Builder b) {
        this.config = b.config;
        this.options = b.options;
        this.out = b.out;
        this.stopOnShutdown = b.stopOnShutdown;
        this.initialWeights = b.initialWeights;
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
     * @throws IllegalArgumentException when a split is empty or an example does not fit the model
     * @throws IOException when the checkpoint or history cannot be written, or {@code resume} finds no checkpoint
     */
    public TrainingResult fit(List<TrainingExample> train, List<TrainingExample> validation) throws IOException {
        new ExampleCheck(config).check("training", train).check("validation", validation);
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            cancel();
            try {
                finished.await(120, TimeUnit.SECONDS);  // let the loop end and flush its files
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "trainer-shutdown");
        if (stopOnShutdown) {
            Runtime.getRuntime().addShutdownHook(hook);
        }
        try (TrainingSession session = createSession()) {
            return new FitLoop(session, train, validation).run();
        } finally {
            finished.countDown();
            if (stopOnShutdown) {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // The JVM is already exiting; the hook is running and will see `finished`.
                }
            }
        }
    }

    private TrainingSession createSession() {
        long start = System.nanoTime();
        TrainingSession s = TrainingSession.create(config, options);
        if (initialWeights != null) {
            try {
                s.restore(initialWeights, 0);
            } catch (RuntimeException e) {
                s.close();
                throw new IllegalArgumentException("--init-from weights do not fit " + config.preset().id()
                        + ": " + e.getMessage(), e);
            }
            out.printf(Locale.ROOT, "Started from %d weight arrays of another model%n", initialWeights.arrays().size());
        }
        out.printf(Locale.ROOT, "Built %s training graph in %.1f s%n", config.preset().id(),
                (System.nanoTime() - start) / 1e9);
        return s;
    }

    /** The state of one {@link #fit} call. */
    private final class FitLoop {
        private final TrainingSession session;
        private final List<TrainingExample> train;
        private final BatchAssembler trainBatches;
        private final BatchAssembler valBatches;
        private final CheckpointStore checkpoints = new CheckpointStore(options.outputDir());
        private final TimeBudget budget = TimeBudget.start(options.timeLimit(), System::nanoTime);
        private final TrainingHistory history = new TrainingHistory();
        private final SplittableRandom augmentRandom;
        private int bestEpoch;
        private double bestValLoss = Double.POSITIVE_INFINITY;
        private ModelWeights bestWeights;
        private int startEpoch = 1;

        FitLoop(TrainingSession session, List<TrainingExample> train, List<TrainingExample> val) {
            this.session = session;
            this.train = train;
            this.trainBatches = new BatchAssembler(train, options.batchSize(), options.flipAugmentation(),
                    options.brightnessAugmentation(), options.shiftAugmentation(), options.seed());
            this.valBatches = new BatchAssembler(val, options.batchSize(), false, 0, options.seed());
            this.augmentRandom = new SplittableRandom(options.seed() ^ 0x5DEECE66DL);
        }

        TrainingResult run() throws IOException {
            session.startBoxesAt(meanBox(train));
            if (options.resume()) {
                resume();
            }
            StopReason reason = StopReason.COMPLETED;
            EarlyStopping stopping = new EarlyStopping(options.earlyStoppingPatience(), bestValLoss);
            for (int epoch = startEpoch; epoch <= options.epochs(); epoch++) {
                if (epoch > startEpoch && !budget.anotherEpochFits()) {
                    out.println(budget.stopLine(epoch - 1, options.epochs()));
                    reason = StopReason.TIME_LIMIT;
                    break;
                }
                long epochStart = System.nanoTime();
                EpochMetrics m = runEpoch(epoch);
                if (m == null) {
                    reason = StopReason.CANCELLED;
                    break;
                }
                budget.epochTook(System.nanoTime() - epochStart);
                history.add(m);
                boolean improved = stopping.record(m.valLoss());
                out.println(m.summaryLine(options.epochs()) + (improved ? " - saved best" : ""));
                if (improved) {
                    saveBest(m);
                }
                writeReports();
                if (stopping.shouldStop()) {
                    out.printf(Locale.ROOT, "Early stopping: no better val_loss for %d epochs%n",
                            stopping.epochsSinceBest());
                    reason = StopReason.EARLY_STOPPED;
                    break;
                }
            }
            writeReports();
            if (reason == StopReason.CANCELLED) {
                out.println(bestEpoch > 0
                        ? String.format(Locale.ROOT, "Interrupted: best checkpoint (epoch %d, val_loss %.4f) kept in %s",
                                bestEpoch, bestValLoss, checkpoints.directory())
                        : "Interrupted before the first epoch ended: no checkpoint written");
            }
            ModelWeights finalWeights = session.modelWeights();
            if (bestWeights == null) {
                bestWeights = finalWeights;
            }
            return new TrainingResult(config, history.epochs(), bestEpoch, bestWeights, reason,
                    options.outputDir(), finalWeights);
        }

        /** Mean [x_min, y_min, w, h] of the training boxes. */
        private static float[] meanBox(List<TrainingExample> examples) {
            float[] mean = new float[4];
            for (TrainingExample e : examples) {
                float[] xywh = e.modelBox().toXywh();
                for (int i = 0; i < 4; i++) {
                    mean[i] += xywh[i] / examples.size();
                }
            }
            return mean;
        }

        private void resume() throws IOException {
            Checkpoint c = checkpoints.load().orElseThrow(() -> checkpoints.missing("checkpoint"));
            checkpoints.checkResumable(c.config(), config);
            session.restore(c.variables(), c.adamStep());
            c.history().forEach(history::add);
            bestEpoch = c.epoch();
            bestValLoss = c.bestValLoss();
            bestWeights = c.modelWeights();
            startEpoch = c.epoch() + 1;
            out.printf(Locale.ROOT, "Resumed from epoch %d (val_loss %.4f, Adam step %d)%n", c.epoch(),
                    c.bestValLoss(), c.adamStep());
        }

        /**
         * Sets batch norm's moving statistics to the exact mean over up to {@link #RECALIBRATION_BATCHES}
         * training batches (unaugmented), before validation reads them and a checkpoint saves them.
         */
        private void recalibrateBatchNorm() {
            List<int[]> ordered = trainBatches.orderedBatches();
            List<Batch> batches = new java.util.ArrayList<>();
            for (int[] indices : ordered.subList(0, Math.min(RECALIBRATION_BATCHES, ordered.size()))) {
                batches.add(trainBatches.assemble(indices, null));
            }
            session.recalibrateBatchNorm(batches);
        }

        /** Trains and validates one epoch; null when cancelled mid-way. */
        private EpochMetrics runEpoch(int epoch) {
            long start = System.nanoTime();
            MetricAccumulator train = new MetricAccumulator();
            List<int[]> batches = trainBatches.shuffledBatches(epoch);
            try (EpochProgress progress = new EpochProgress(out, epoch, options.epochs(), batches.size())) {
                for (int[] indices : batches) {
                    if (cancelled.get()) {
                        return null;
                    }
                    Batch batch = trainBatches.assemble(indices, augmentRandom);
                    // session.step() comes back from a checkpoint, so a resumed run continues the schedule.
                    double rate = options.learningRateAt(session.step(), (long) options.epochs() * batches.size(),
                            budget.used());
                    train.add(session.trainStep(batch, rate), batch);
                    progress.step(train);
                }
            }
            double trainSeconds = (System.nanoTime() - start) / 1e9;
            recalibrateBatchNorm();
            MetricAccumulator val = new MetricAccumulator();
            for (int[] indices : valBatches.orderedBatches()) {
                Batch batch = valBatches.assemble(indices, null);
                val.add(session.evaluate(batch), batch);
            }
            return new EpochMetrics(epoch, train.totalLoss(), train.classLoss(), train.boxLoss(), train.accuracy(),
                    train.iou(), val.totalLoss(), val.classLoss(), val.boxLoss(), val.accuracy(), val.iou(),
                    train.images() / trainSeconds, (System.nanoTime() - start) / 1e9);
        }

        private void saveBest(EpochMetrics m) throws IOException {
            ModelWeights all = session.allVariables();
            bestEpoch = m.epoch();
            bestValLoss = m.valLoss();
            bestWeights = all.filter(name -> !AdamOptimizer.isSlot(name));
            checkpoints.save(new Checkpoint(config, m.epoch(), session.step(), m.valLoss(), history.epochs(), all));
        }

        private void writeReports() throws IOException {
            history.write(options.outputDir());
            HistoryCharts.write(history.epochs(), options.outputDir());
        }
    }

    /** Builder for {@link Trainer}; model and options are required. */
    public static final class Builder {
        private ModelWeights initialWeights;
        private ModelConfig config;
        private TrainingOptions options;
        private PrintStream out = System.out;
        private boolean stopOnShutdown = true;

        private Builder() {}

        public Builder model(ModelConfig config) {
            this.config = Objects.requireNonNull(config, "config");
            return this;
        }

        public Builder options(TrainingOptions options) {
            this.options = Objects.requireNonNull(options, "options");
            return this;
        }

        /** Where the progress bar and epoch lines go (default {@code System.out}). */
        public Builder progress(PrintStream out) {
            this.out = Objects.requireNonNull(out, "out");
            return this;
        }

        /**
         * Weights to start from instead of the seeded initialisation, for example another model's
         * backbone ({@code train --init-from}); variables they do not name keep their initial values.
         */
        public Builder initialWeights(ModelWeights weights) {
            this.initialWeights = Objects.requireNonNull(weights, "weights");
            return this;
        }

        /** Whether a JVM shutdown (Ctrl-C) stops training cleanly; on by default, off in tests. */
        public Builder stopOnShutdown(boolean on) {
            this.stopOnShutdown = on;
            return this;
        }

        public Trainer build() {
            if (config == null || options == null) {
                throw new IllegalStateException("Trainer needs model(ModelConfig) and options(TrainingOptions)");
            }
            return new Trainer(this);
        }
    }
}
