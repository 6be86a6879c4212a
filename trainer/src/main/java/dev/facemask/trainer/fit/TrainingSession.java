package dev.facemask.trainer.fit;

import dev.facemask.trainer.model.Layers;
import dev.facemask.trainer.model.ModelConfig;
import dev.facemask.trainer.model.ModelWeights;
import dev.facemask.trainer.model.NetworkOutputs;
import dev.facemask.trainer.model.Predictions;
import dev.facemask.trainer.model.SeResNet;
import dev.facemask.trainer.model.TensorArrays;
import dev.facemask.trainer.model.VariableStore;
import dev.facemask.trainer.model.WeightArray;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The training graph and its session: a training-mode forward pass with losses and Adam, plus an
 * inference-mode forward pass over the same variables for validation and {@link #predict}.
 *
 * <pre>{@code
 * try (TrainingSession s = TrainingSession.create(config, options)) {
 *     StepResult r = s.trainStep(batch);
 *     Predictions p = s.predict(images, n);
 * }
 * }</pre>
 */
public final class TrainingSession implements AutoCloseable {

    private final ModelConfig config;
    private final double learningRate;
    private final Graph graph;
    private final Session session;
    private final VariableStore vars;
    private final Placeholder<TFloat32> images;
    private final Placeholder<TInt32> labels;
    private final Placeholder<TFloat32> trueBoxes;
    private final Placeholder<TFloat32> boxWeights;
    private final NetworkOutputs trainOut;
    private final NetworkOutputs evalOut;
    private final LossGraph trainLoss;
    private final LossGraph evalLoss;
    private final AdamOptimizer adam;
    /** Half the squared L2 norm of each trainable variable's gradient, by variable name. */
    private final Map<String, Operand<TFloat32>> gradientHalfSquares = new LinkedHashMap<>();
    private long step;

    private TrainingSession(ModelConfig config, TrainingOptions options) {
        this.config = config;
        this.learningRate = options.learningRate();
        this.graph = new Graph();
        Ops tf = Ops.create(graph);
        this.vars = new VariableStore(tf);
        int side = config.inputSize();
        images = tf.withName("images").placeholder(TFloat32.class,
                Placeholder.shape(Shape.of(-1, side, side, config.channels())));
        labels = tf.withName("labels").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
        trueBoxes = tf.withName("true_boxes").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 4)));
        boxWeights = tf.withName("box_weights").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1)));
        trainOut = SeResNet.forward(tf, vars, config, images, true);
        trainLoss = loss(tf, trainOut, options);
        adam = AdamOptimizer.minimize(graph, tf, vars, trainLoss.total(), trainOut.movingAverageUpdates());
        List<Variable<TFloat32>> trainable = vars.trainableVariables();
        for (int i = 0; i < trainable.size(); i++) {
            @SuppressWarnings("unchecked")
            Operand<TFloat32> g = (Operand<TFloat32>) adam.gradients.get(i);
            gradientHalfSquares.put(trainable.get(i).op().name(), tf.nn.l2Loss(g));
        }
        evalOut = SeResNet.forward(tf, vars, config, images, false);
        evalLoss = loss(tf, evalOut, options);
        session = new Session(graph, SessionConfig.fromSystemProperties());
    }

    private LossGraph loss(Ops tf, NetworkOutputs out, TrainingOptions o) {
        return LossGraph.build(tf, out.logits(), labels, config.numClasses(), out.boxes(), trueBoxes, boxWeights,
                o.boxLoss(), o.classLossWeight(), o.boxLossWeight(), out.boxCellLogits(), config.featureMapSize());
    }

    /** Builds the graph and initialises every variable from {@code options.seed()}. */
    public static TrainingSession create(ModelConfig config, TrainingOptions options) {
        TrainingSession s = new TrainingSession(Objects.requireNonNull(config, "config"),
                Objects.requireNonNull(options, "options"));
        ModelWeights initial = s.vars.initialWeights(options.seed());
        s.vars.load(s.session, options.zeroInitResidual() ? initial.withZeroResidualScales() : initial);
        return s;
    }

    public ModelConfig config() {
        return config;
    }

    /**
     * Starts the box head at {@code meanXywh}: the batch norm before the box sigmoid (or, in a plain
     * head, the last dense layer's bias) gets the logit of each coordinate as its beta, so the first predictions are the mean box and the sigmoid
     * starts where its slope is large, instead of at 0.5 for every coordinate (a width of 0.5 is
     * several hundred Adam steps of 1e-3 in logit space away from a typical face's 0.1).
     *
     * @param meanXywh mean [x_min, y_min, w, h] of the training boxes, in 0..1 of the padded input
     */
    public void startBoxesAt(float[] meanXywh) {
        if (meanXywh.length != 4) {
            throw new IllegalArgumentException("A box has 4 numbers [x_min, y_min, w, h], got " + meanXywh.length);
        }
        float[] logits = new float[4];
        for (int i = 0; i < 4; i++) {
            double p = Math.min(0.99, Math.max(0.01, meanXywh[i]));
            logits[i] = (float) Math.log(p / (1 - p));
        }
        if (vars.contains(SeResNet.BOX_SIZE_NORM + "_beta")) {
            // The centroid head's centre starts at the frame's centre whatever it is given; only its size has a start.
            vars.load(session, new ModelWeights(Map.of(SeResNet.BOX_SIZE_NORM + "_beta",
                    new WeightArray(new long[] {2}, new float[] {logits[2], logits[3]}))));
            return;
        }
        // A normalised box head starts at its output norm's beta; a plain one at its last dense layer's bias.
        String start = vars.contains(SeResNet.BOX_OUTPUT_NORM + "_beta") ? SeResNet.BOX_OUTPUT_NORM + "_beta" : "box_dense2_b";
        vars.load(session, new ModelWeights(Map.of(start,
                new WeightArray(new long[] {4}, logits))));
    }

    /** Adam steps taken so far. */
    public long step() {
        return step;
    }

    /** One Adam step on {@code batch}; the losses and outputs are those of the forward pass before the update. */
    public StepResult trainStep(Batch batch) {
        return trainStep(batch, learningRate);
    }

    /** As {@link #trainStep(Batch)}, at the given learning rate (for schedules). */
    public StepResult trainStep(Batch batch, double rate) {
        step++;
        List<Tensor> feeds = new ArrayList<>(feeds(batch));
        int base = feeds.size();
        feeds.add(TFloat32.scalarOf((float) rate));
        feeds.add(TFloat32.scalarOf((float) Math.pow(AdamOptimizer.BETA1, step)));
        feeds.add(TFloat32.scalarOf((float) Math.pow(AdamOptimizer.BETA2, step)));
        try {
            Session.Runner r = runnerFedWith(feeds).feed(adam.learningRate, feeds.get(base))
                    .feed(adam.beta1Power, feeds.get(base + 1)).feed(adam.beta2Power, feeds.get(base + 2))
                    .addTarget(adam.minimize);
            return run(r, trainLoss, trainOut);
        } finally {
            feeds.forEach(Tensor::close);
        }
    }

    /**
     * L2 norm of the total loss's gradient for every trainable variable, by variable name, on
     * {@code batch} in training mode. Changes nothing: no update, no moving-average step. A head
     * whose weights all get a zero norm has stopped learning.
     */
    public Map<String, Double> gradientNorms(Batch batch) {
        List<String> names = List.copyOf(gradientHalfSquares.keySet());
        try (Result res = runTrainingMode(batch, List.copyOf(gradientHalfSquares.values()))) {
            Map<String, Double> norms = new LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) {
                norms.put(names.get(i), Math.sqrt(2.0 * TensorArrays.scalar(res.get(i))));
            }
            return norms;
        }
    }

    /** Losses and outputs of the training-mode pass (batch statistics), as the loss sees them; changes nothing. */
    StepResult evaluateInTrainingMode(Batch batch) {
        return evaluate(batch, trainLoss, trainOut);
    }

    /** The training-mode forward pass (batch norm on batch statistics), for diagnostics. */
    NetworkOutputs trainingOutputs() {
        return trainOut;
    }

    /** Fetches {@code fetches} in training mode on {@code batch} without updating anything; the caller closes the result. */
    Result runTrainingMode(Batch batch, List<? extends Operand<?>> fetches) {
        List<Tensor> feeds = feeds(batch);
        try {
            Session.Runner r = runnerFedWith(feeds);
            fetches.forEach(r::fetch);
            return r.run();
        } finally {
            feeds.forEach(Tensor::close);
        }
    }

    /**
     * Batch-norm recalibration: sets every moving mean and variance to the exact average of the
     * training-mode statistics over {@code batches}, so that validation and export read the
     * statistics of the weights as they are now, not an exponential average that still remembers
     * its start (at momentum 0.99, 0.99^60 = 55% after the 60 steps of 20 seed epochs on 123 photos).
     */
    public void recalibrateBatchNorm(List<Batch> batches) {
        for (int k = 0; k < batches.size(); k++) {
            List<Tensor> feeds = feeds(batches.get(k));
            try (TFloat32 momentum = TFloat32.scalarOf((float) k / (k + 1))) {
                Session.Runner r = runnerFedWith(feeds).feed(Layers.MOMENTUM_INPUT, momentum);
                trainOut.movingAverageUpdates().forEach(r::addTarget);
                r.run().close();
            } finally {
                feeds.forEach(Tensor::close);
            }
        }
    }

    /** Losses and outputs in inference mode (batch norm on moving averages); changes nothing. */
    public StepResult evaluate(Batch batch) {
        return evaluate(batch, evalLoss, evalOut);
    }

    private StepResult evaluate(Batch batch, LossGraph loss, NetworkOutputs out) {
        List<Tensor> feeds = feeds(batch);
        try {
            return run(runnerFedWith(feeds), loss, out);
        } finally {
            feeds.forEach(Tensor::close);
        }
    }

    /**
     * Inference-mode outputs for {@code n} images.
     *
     * @param pixels n*H*W*C floats in 0..1, NHWC
     */
    public Predictions predict(float[] pixels, int n) {
        int per = config.inputSize() * config.inputSize() * config.channels();
        if (pixels.length != n * per) {
            throw new IllegalArgumentException("Expected " + n + " images of " + per + " floats, got " + pixels.length);
        }
        try (TFloat32 in = TensorArrays.floats(pixels, n, config.inputSize(), config.inputSize(), config.channels());
                Result res = session.runner().feed(images, in).fetch(evalOut.probabilities()).fetch(evalOut.boxes())
                        .run()) {
            return new Predictions(TensorArrays.rows(res.get(0)), TensorArrays.rows(res.get(1)));
        }
    }

    /** A runner with the batch's images, labels, boxes and box weights fed. */
    private Session.Runner runnerFedWith(List<Tensor> feeds) {
        return session.runner().feed(images, feeds.get(0)).feed(labels, feeds.get(1)).feed(trueBoxes, feeds.get(2))
                .feed(boxWeights, feeds.get(3));
    }

    private List<Tensor> feeds(Batch b) {
        int side = config.inputSize();
        for (int label : b.labels()) {
            if (label >= config.numClasses()) {
                throw new IllegalArgumentException("Label " + label + " is out of range for a model with "
                        + config.numClasses() + " classes");
            }
        }
        return List.of(TensorArrays.floats(b.images(), b.size(), side, side, config.channels()),
                TensorArrays.ints(b.labels(), b.size()), TensorArrays.floats(b.boxes(), b.size(), 4),
                TensorArrays.floats(b.boxWeights(), b.size()));
    }

    private static StepResult run(Session.Runner r, LossGraph loss, NetworkOutputs out) {
        try (Result res = r.fetch(loss.classLoss()).fetch(loss.boxLoss()).fetch(loss.total())
                .fetch(out.probabilities()).fetch(out.boxes()).run()) {
            return new StepResult(TensorArrays.scalar(res.get(0)), TensorArrays.scalar(res.get(1)),
                    TensorArrays.scalar(res.get(2)),
                    new Predictions(TensorArrays.rows(res.get(3)), TensorArrays.rows(res.get(4))));
        }
    }

    /** The model's weights (batch-norm statistics included, optimizer slots excluded): what gets exported. */
    public ModelWeights modelWeights() {
        return vars.read(session, name -> !AdamOptimizer.isSlot(name));
    }

    /** Every variable, optimizer slots included: what a checkpoint saves. */
    public ModelWeights allVariables() {
        return vars.read(session);
    }

    /** Restores variables (all, or just the model's) and the Adam step count. */
    public void restore(ModelWeights weights, long adamStep) {
        vars.load(session, weights);
        this.step = adamStep;
    }

    @Override
    public void close() {
        session.close();
        graph.close();
    }
}
