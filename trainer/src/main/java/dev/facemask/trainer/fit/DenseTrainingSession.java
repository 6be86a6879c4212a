package dev.facemask.trainer.fit;

import dev.facemask.trainer.model.DenseDetector;
import dev.facemask.trainer.model.DenseOutputs;
import dev.facemask.trainer.model.Layers;
import dev.facemask.trainer.model.ModelConfig;
import dev.facemask.trainer.model.ModelWeights;
import dev.facemask.trainer.model.TensorArrays;
import dev.facemask.trainer.model.VariableStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.Operand;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * The dense head's training graph and session: a training-mode forward pass with the focal and L1
 * losses and Adam, plus an inference-mode pass over the same variables for validation.
 *
 * <pre>{@code
 * try (DenseTrainingSession s = DenseTrainingSession.create(config, options, new float[] {1, 1})) {
 *     DenseStepResult r = s.trainStep(batch, 1e-3);
 * }
 * }</pre>
 */
public final class DenseTrainingSession implements AutoCloseable {

    private final ModelConfig config;
    private final Graph graph;
    private final Session session;
    private final VariableStore vars;
    private final Placeholder<TFloat32> images;
    private final Placeholder<TFloat32> heatmap;
    private final Placeholder<TFloat32> regression;
    private final Placeholder<TFloat32> mask;
    private final DenseOutputs trainOut;
    private final DenseOutputs evalOut;
    private final DenseLossGraph trainLoss;
    private final DenseLossGraph evalLoss;
    private final AdamOptimizer adam;
    /** Null when {@link TrainingOptions#weightAverageDecay()} is 0. */
    private final WeightAverage average;
    private final double averageDecay;
    private long step;

    private final float[] classWeights;
    /** Per trainable variable, half the squared L2 norm of its gradient: for the heads-keep-learning check. */
    private final Map<String, Operand<TFloat32>> gradientHalfSquares = new LinkedHashMap<>();

    private DenseTrainingSession(ModelConfig config, TrainingOptions options, float[] classWeights) {
        this.config = config;
        if (classWeights.length != config.numClasses()) {
            throw new IllegalArgumentException("Got " + classWeights.length + " class weights for a model of "
                    + config.numClasses() + " classes");
        }
        this.classWeights = classWeights.clone();
        this.graph = new Graph();
        Ops tf = Ops.create(graph);
        this.vars = new VariableStore(tf);
        int side = config.inputSize();
        int g = config.denseGridSize();
        images = tf.withName("images").placeholder(TFloat32.class,
                Placeholder.shape(Shape.of(-1, side, side, config.channels())));
        heatmap = tf.withName("true_heatmap").placeholder(TFloat32.class,
                Placeholder.shape(Shape.of(-1, g, g, config.numClasses())));
        regression = tf.withName("true_regression").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, g, g, 4)));
        mask = tf.withName("centre_mask").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, g, g, 1)));
        trainOut = DenseDetector.forward(tf, vars, config, images, true);
        trainLoss = loss(tf, trainOut, options);
        adam = AdamOptimizer.minimize(graph, tf, vars, trainLoss.total(), trainOut.movingAverageUpdates());
        averageDecay = options.weightAverageDecay();
        average = averageDecay > 0 ? WeightAverage.build(tf, vars, adam.minimize) : null;
        List<Variable<TFloat32>> trainable = vars.trainableVariables();
        for (int i = 0; i < trainable.size(); i++) {
            @SuppressWarnings("unchecked")
            Operand<TFloat32> gradient = (Operand<TFloat32>) adam.gradients.get(i);
            gradientHalfSquares.put(trainable.get(i).op().name(), tf.nn.l2Loss(gradient));
        }
        evalOut = DenseDetector.forward(tf, vars, config, images, false);
        evalLoss = loss(tf, evalOut, options);
        session = new Session(graph, SessionConfig.fromSystemProperties());
    }

    private DenseLossGraph loss(Ops tf, DenseOutputs out, TrainingOptions o) {
        return DenseLossGraph.build(tf, out, heatmap, regression, mask, o.boxLossWeight(), o.denseBoxLoss(), o.offsetLoss(),
                classWeights, o.classWeightedFaces());
    }

    /**
     * Builds the graph and initialises every variable from {@code options.seed()}.
     *
     * @param classWeights weight of each class in the focal loss, float[classes] (all 1 for none)
     */
    public static DenseTrainingSession create(ModelConfig config, TrainingOptions options, float[] classWeights) {
        DenseTrainingSession s = new DenseTrainingSession(Objects.requireNonNull(config, "config"),
                Objects.requireNonNull(options, "options"), Objects.requireNonNull(classWeights, "classWeights"));
        ModelWeights initial = s.vars.initialWeights(options.seed());
        s.vars.load(s.session, options.zeroInitResidual() ? initial.withZeroResidualScales() : initial);
        s.resetAverage();
        return s;
    }

    public ModelConfig config() {
        return config;
    }

    /** Adam steps taken so far. */
    public long step() {
        return step;
    }

    /** One Adam step at learning rate {@code rate}; the losses are those of the forward pass before the update. */
    public DenseStepResult trainStep(DenseBatch batch, double rate) {
        step++;
        List<Tensor> feeds = feeds(batch);
        try (TFloat32 lr = TFloat32.scalarOf((float) rate);
                TFloat32 b1 = TFloat32.scalarOf((float) Math.pow(AdamOptimizer.BETA1, step));
                TFloat32 b2 = TFloat32.scalarOf((float) Math.pow(AdamOptimizer.BETA2, step));
                TFloat32 decay = TFloat32.scalarOf((float) WeightAverage.decayAt(averageDecay, step - 1))) {
            Session.Runner r = runner(feeds).feed(adam.learningRate, lr).feed(adam.beta1Power, b1)
                    .feed(adam.beta2Power, b2);
            if (average != null) {
                r.feed(average.decay, decay).addTarget(average.update);
            } else {
                r.addTarget(adam.minimize);
            }
            try (Result res = r.fetch(trainLoss.heatmapLoss()).fetch(trainLoss.boxLoss()).fetch(trainLoss.total()).run()) {
                return new DenseStepResult(TensorArrays.scalar(res.get(0)), TensorArrays.scalar(res.get(1)),
                        TensorArrays.scalar(res.get(2)), null);
            }
        } finally {
            feeds.forEach(Tensor::close);
        }
    }

    /**
     * Batch-norm recalibration, as {@link TrainingSession#recalibrateBatchNorm}: moving statistics
     * become the exact mean of the training-mode statistics over {@code batches}.
     */
    public void recalibrateBatchNorm(List<DenseBatch> batches) {
        for (int k = 0; k < batches.size(); k++) {
            List<Tensor> feeds = feeds(batches.get(k));
            try (TFloat32 momentum = TFloat32.scalarOf((float) k / (k + 1))) {
                Session.Runner r = runner(feeds).feed(Layers.MOMENTUM_INPUT, momentum);
                trainOut.movingAverageUpdates().forEach(r::addTarget);
                r.run().close();
            } finally {
                feeds.forEach(Tensor::close);
            }
        }
    }

    /** Losses and maps in inference mode (batch norm on moving averages); changes nothing. */
    public DenseStepResult evaluate(DenseBatch batch) {
        List<Tensor> feeds = feeds(batch);
        try (Result res = runner(feeds).fetch(evalLoss.heatmapLoss()).fetch(evalLoss.boxLoss())
                .fetch(evalLoss.total()).fetch(evalOut.heatmap()).fetch(evalOut.regression()).run()) {
            DenseOutputsBatch maps = new DenseOutputsBatch(TensorArrays.values(res.get(3)),
                    TensorArrays.values(res.get(4)), batch.size(), config.denseGridSize(), config.numClasses());
            return new DenseStepResult(TensorArrays.scalar(res.get(0)), TensorArrays.scalar(res.get(1)),
                    TensorArrays.scalar(res.get(2)), maps);
        } finally {
            feeds.forEach(Tensor::close);
        }
    }

    /**
     * Inference-mode maps for {@code n} images.
     *
     * @param pixels n*S*S*C floats in 0..1, NHWC
     */
    public DenseOutputsBatch predict(float[] pixels, int n) {
        int side = config.inputSize();
        try (TFloat32 in = TensorArrays.floats(pixels, n, side, side, config.channels());
                Result res = session.runner().feed(images, in).fetch(evalOut.heatmap()).fetch(evalOut.regression())
                        .run()) {
            return new DenseOutputsBatch(TensorArrays.values(res.get(0)), TensorArrays.values(res.get(1)), n,
                    config.denseGridSize(), config.numClasses());
        }
    }

    /**
     * The L2 norm of the loss's gradient for every trainable variable, in training mode on
     * {@code batch}; changes nothing. A head whose norms are all near 0 has stopped learning.
     */
    public Map<String, Double> gradientNorms(DenseBatch batch) {
        List<String> names = List.copyOf(gradientHalfSquares.keySet());
        List<Tensor> feeds = feeds(batch);
        Session.Runner r = runner(feeds);
        gradientHalfSquares.values().forEach(r::fetch);
        try (Result res = r.run()) {
            Map<String, Double> norms = new LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) {
                norms.put(names.get(i), Math.sqrt(2.0 * TensorArrays.scalar(res.get(i))));
            }
            return norms;
        } finally {
            feeds.forEach(Tensor::close);
        }
    }

    /** The training-mode maps (batch statistics), as the loss sees them; changes nothing. */
    public DenseOutputsBatch trainingModeMaps(DenseBatch batch) {
        List<Tensor> feeds = feeds(batch);
        try (Result res = runner(feeds).fetch(trainOut.heatmap()).fetch(trainOut.regression()).run()) {
            return new DenseOutputsBatch(TensorArrays.values(res.get(0)), TensorArrays.values(res.get(1)),
                    batch.size(), config.denseGridSize(), config.numClasses());
        } finally {
            feeds.forEach(Tensor::close);
        }
    }

    private Session.Runner runner(List<Tensor> feeds) {
        return session.runner().feed(images, feeds.get(0)).feed(heatmap, feeds.get(1)).feed(regression, feeds.get(2))
                .feed(mask, feeds.get(3));
    }

    private List<Tensor> feeds(DenseBatch b) {
        int side = config.inputSize();
        int g = config.denseGridSize();
        return List.of(TensorArrays.floats(b.images(), b.size(), side, side, config.channels()),
                TensorArrays.floats(b.heatmap(), b.size(), g, g, config.numClasses()),
                TensorArrays.floats(b.regression(), b.size(), g, g, 4),
                TensorArrays.floats(b.mask(), b.size(), g, g, 1));
    }

    /**
     * The model's weights as they are in the graph now (batch-norm statistics included, optimizer
     * slots and weight averages excluded): what gets exported.
     */
    public ModelWeights modelWeights() {
        return vars.read(session, name -> !AdamOptimizer.isSlot(name) && !WeightAverage.isAverage(name));
    }

    /** Whether this session keeps a moving average of the weights ({@link TrainingOptions#weightAverageDecay()}). */
    public boolean averagesWeights() {
        return average != null;
    }

    /**
     * Puts the weight averages in place of the trainable weights, for validation; returns the
     * trainable weights they replaced, for {@link #swapOutAverage}. Without averages, changes nothing and
     * returns null.
     */
    public ModelWeights swapInAverage() {
        if (average == null) {
            return null;
        }
        ModelWeights trained = vars.read(session, vars::isTrainable);
        session.runner().addTarget(average.swapIn).run().close();
        return trained;
    }

    /** Puts back the trainable weights {@link #swapInAverage} returned (nothing for null); training goes on from them. */
    public void swapOutAverage(ModelWeights trained) {
        if (trained != null) {
            vars.load(session, trained);
        }
    }

    private void resetAverage() {
        if (average != null) {
            session.runner().addTarget(average.reset).run().close();
        }
    }

    /** Every variable, optimizer slots included: what a checkpoint saves. */
    public ModelWeights allVariables() {
        return vars.read(session);
    }

    /**
     * Restores variables (all, or just some, such as a backbone) and the Adam step count. Weights
     * without averages (another model's, or a checkpoint of a run without them) restart the averages
     * from the weights now in place.
     */
    public void restore(ModelWeights weights, long adamStep) {
        vars.load(session, weights);
        this.step = adamStep;
        if (!WeightAverage.holdsAverages(weights)) {
            resetAverage();
        }
    }

    @Override
    public void close() {
        session.close();
        graph.close();
    }
}
