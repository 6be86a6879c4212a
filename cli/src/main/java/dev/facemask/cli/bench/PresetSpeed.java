package dev.facemask.cli.bench;

import dev.facemask.cli.model.UntrainedModel;
import dev.facemask.inference.PredictorBenchmark;
import dev.facemask.inference.SharedModel;
import dev.facemask.trainer.fit.Batch;
import dev.facemask.trainer.fit.DenseBatch;
import dev.facemask.trainer.fit.DenseTrainingSession;
import dev.facemask.trainer.fit.TrainingOptions;
import dev.facemask.trainer.fit.TrainingSession;
import dev.facemask.trainer.model.ModelConfig;
import dev.facemask.trainer.model.ModelSummary;
import dev.facemask.trainer.model.Preset;
import dev.facemask.trainer.pipeline.DenseTrainingPipeline;
import dev.facemask.trainer.pipeline.TrainingPipeline;
import dev.facemask.vision.dataset.Annotation;
import dev.facemask.vision.detect.CenterTargets;
import dev.facemask.vision.geometry.Box;
import dev.facemask.vision.preprocess.Letterbox;
import dev.facemask.vision.preprocess.PreparedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Training and inference images/s of one preset, on generated inputs: speed does not depend on
 * what the pixels show or what the weights hold, so no dataset or trained model is needed.
 *
 * <p>Training runs the preset's own training graph and optimizer at its default batch size (the
 * recipe {@code ./detector train} uses), without input decoding or augmentation, which overlap the
 * step in a real run. Inference runs the exported SavedModel (batch norm folded, as {@code train}
 * exports it) through the same DJL predictor the stream uses.
 *
 * @param preset the preset measured
 * @param inputSize model input side, pixels
 * @param gflopsPerImage forward cost of one image
 * @param trainBatch images per training step
 * @param trainImagesPerSecond training images/s (forward, backward and Adam update)
 * @param inferBatch images per inference call
 * @param inferImagesPerSecond inference images/s of the exported model
 */
record PresetSpeed(Preset preset, int inputSize, double gflopsPerImage, int trainBatch, double trainImagesPerSecond,
        int inferBatch, double inferImagesPerSecond) {

    /** A training step is counted as 3 forward passes (forward, and a backward pass of twice its cost). */
    static final double TRAINING_FLOPS_PER_FORWARD = 3;

    /** Training GFLOP/s under the 3 x forward convention. */
    double trainGflops() {
        return trainImagesPerSecond * gflopsPerImage * TRAINING_FLOPS_PER_FORWARD;
    }

    double inferGflops() {
        return inferImagesPerSecond * gflopsPerImage;
    }

    /**
     * Measures one preset: about {@code seconds} of training steps after one warm-up step, then about
     * {@code seconds} of inference calls after one warm-up call.
     */
    static PresetSpeed measure(Preset preset, int inferBatch, double seconds) throws IOException {
        ModelConfig config = ModelConfig.builder(preset).build();
        TrainingOptions options = (preset.dense() ? DenseTrainingPipeline.defaults(preset) : TrainingPipeline.defaults(preset))
                .build();
        double train = preset.dense() ? denseTraining(config, options, seconds) : singleTraining(config, options, seconds);
        double infer = inference(preset, config, inferBatch, seconds);
        return new PresetSpeed(preset, config.inputSize(), ModelSummary.of(config).gflopsPerImage(), options.batchSize(),
                train, inferBatch, infer);
    }

    private static double singleTraining(ModelConfig config, TrainingOptions options, double seconds) {
        SplittableRandom random = new SplittableRandom(1);
        int n = options.batchSize();
        int[] labels = new int[n];
        float[] boxes = new float[n * 4];
        for (int i = 0; i < n; i++) {
            labels[i] = i % config.numClasses();
            float[] xywh = {0.3f, 0.3f, 0.4f, 0.4f};
            System.arraycopy(xywh, 0, boxes, i * 4, 4);
        }
        Batch batch = new Batch(pixels(config, n, random), labels, boxes, n);
        try (TrainingSession session = TrainingSession.create(config, options)) {
            return timed(n, seconds, () -> session.trainStep(batch));
        }
    }

    private static double denseTraining(ModelConfig config, TrainingOptions options, double seconds) {
        SplittableRandom random = new SplittableRandom(1);
        int n = options.batchSize();
        int grid = config.denseGridSize();
        int classes = config.numClasses();
        int heat = grid * grid * classes;
        int cells = grid * grid;
        float[] heatmap = new float[n * heat];
        float[] regression = new float[n * cells * 4];
        float[] mask = new float[n * cells];
        List<List<Annotation>> truths = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            // Four faces of 5-25% of the side: the targets' sparsity of a crowd photo.
            List<Annotation> faces = new ArrayList<>();
            for (int f = 0; f < 4; f++) {
                double side = 0.05 + 0.2 * random.nextDouble();
                double x = random.nextDouble() * (1 - side);
                double y = random.nextDouble() * (1 - side);
                faces.add(new Annotation(f % classes, Box.fromXywh(x, y, side, side)));
            }
            CenterTargets t = CenterTargets.encode(faces, grid, classes);
            System.arraycopy(t.heatmap(), 0, heatmap, i * heat, heat);
            System.arraycopy(t.regression(), 0, regression, i * cells * 4, cells * 4);
            System.arraycopy(t.regressionMask(), 0, mask, i * cells, cells);
            truths.add(faces);
        }
        DenseBatch batch = new DenseBatch(pixels(config, n, random), heatmap, regression, mask, truths, n);
        float[] weights = new float[classes];
        Arrays.fill(weights, 1f);
        try (DenseTrainingSession session = DenseTrainingSession.create(config, options, weights)) {
            return timed(n, seconds, () -> session.trainStep(batch, options.learningRate()));
        }
    }

    private static double inference(Preset preset, ModelConfig config, int n, double seconds) throws IOException {
        Path dir = Files.createTempDirectory("bench-presets").resolve(preset.id());
        UntrainedModel.export(preset, dir, true);
        SplittableRandom random = new SplittableRandom(2);
        float[] all = pixels(config, n, random);
        int per = all.length / n;
        List<PreparedImage> images = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            images.add(new PreparedImage(Arrays.copyOfRange(all, i * per, (i + 1) * per),
                    new Letterbox(config.inputSize(), config.inputSize(), config.inputSize()), config.channels()));
        }
        try (SharedModel.Lease lease = SharedModel.acquire(dir)) {
            double first = PredictorBenchmark.imagesPerSecond(lease.predictor(), images, 1);
            int iterations = (int) Math.max(2, Math.ceil(seconds * first / n));
            return PredictorBenchmark.imagesPerSecond(lease.predictor(), images, iterations);
        }
    }

    private static float[] pixels(ModelConfig config, int n, SplittableRandom random) {
        float[] p = new float[n * config.inputSize() * config.inputSize() * config.channels()];
        for (int i = 0; i < p.length; i++) {
            p[i] = (float) random.nextDouble();
        }
        return p;
    }

    /** Images/s of {@code step} repeated for about {@code seconds}, after one untimed warm-up step. */
    private static double timed(int imagesPerStep, double seconds, Runnable step) {
        step.run();
        long start = System.nanoTime();
        long budget = (long) (seconds * 1e9);
        int steps = 0;
        do {
            step.run();
            steps++;
        } while (System.nanoTime() - start < budget || steps < 2);
        return steps * imagesPerStep / ((System.nanoTime() - start) / 1e9);
    }
}
