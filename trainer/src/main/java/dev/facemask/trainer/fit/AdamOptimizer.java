package dev.facemask.trainer.fit;

import dev.facemask.trainer.model.VariableStore;
import dev.facemask.trainer.model.VariableStore.Init;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * Adam (Kingma and Ba) through the raw {@code ApplyAdam} op on plain variables, with Keras'
 * defaults (beta1 0.9, beta2 0.999, epsilon 1e-7). The bias-correction powers beta^t are fed from
 * Java each step, so the step count lives in the checkpoint, not in the graph.
 */
final class AdamOptimizer {

    static final float BETA1 = 0.9f;
    static final float BETA2 = 0.999f;
    static final float EPSILON = 1e-7f;
    /** Suffixes of the slot variables, so they can be told apart from model weights. */
    static final String SLOT_M = "_adam_m";
    static final String SLOT_V = "_adam_v";

    final Placeholder<TFloat32> learningRate;
    final Placeholder<TFloat32> beta1Power;
    final Placeholder<TFloat32> beta2Power;
    /** Runs every update; the training step's target. */
    final Op minimize;
    /** Gradient of the loss for each trainable variable, in {@link VariableStore#trainableVariables()} order. */
    final List<Output<?>> gradients;

    private AdamOptimizer(Placeholder<TFloat32> lr, Placeholder<TFloat32> b1, Placeholder<TFloat32> b2, Op minimize,
            List<Output<?>> gradients) {
        this.learningRate = lr;
        this.beta1Power = b1;
        this.beta2Power = b2;
        this.minimize = minimize;
        this.gradients = gradients;
    }

    /**
     * Adds gradients of {@code loss} for every trainable variable and one ApplyAdam per variable.
     *
     * @param extraUpdates ops to run with each step (batch-norm moving averages)
     */
    static AdamOptimizer minimize(Graph graph, Ops tf, VariableStore vars, Operand<TFloat32> loss,
            List<Op> extraUpdates) {
        List<Variable<TFloat32>> trainable = vars.trainableVariables();
        Output<?>[] xs = trainable.stream().map(Variable::asOutput).toArray(Output[]::new);
        Output<?>[] grads = graph.addGradients(loss.asOutput(), xs);
        // Ref variables are read in place: no update may start before every gradient (which may read
        // the same weights) is computed.
        List<Op> gradientOps = new ArrayList<>();
        for (Output<?> g : grads) {
            gradientOps.add(tf.identity(g));
        }
        Op barrier = tf.withControlDependencies(gradientOps).withName("gradients_done").noOp();
        Ops after = tf.withControlDependencies(List.of(barrier));
        Placeholder<TFloat32> lr = tf.withName("learning_rate").placeholder(TFloat32.class);
        Placeholder<TFloat32> b1 = tf.withName("beta1_power").placeholder(TFloat32.class);
        Placeholder<TFloat32> b2 = tf.withName("beta2_power").placeholder(TFloat32.class);
        List<Op> updates = new ArrayList<>(extraUpdates);
        for (int i = 0; i < trainable.size(); i++) {
            Variable<TFloat32> v = trainable.get(i);
            String name = v.op().name();
            long[] shape = v.shape().asArray();
            Variable<TFloat32> m = vars.variable(name + SLOT_M, shape, Init.ZEROS, 0, 0, false);
            Variable<TFloat32> s = vars.variable(name + SLOT_V, shape, Init.ZEROS, 0, 0, false);
            @SuppressWarnings("unchecked")
            Operand<TFloat32> grad = (Operand<TFloat32>) grads[i];
            updates.add(after.train.applyAdam(v, m, s, b1, b2, lr, tf.constant(BETA1), tf.constant(BETA2),
                    tf.constant(EPSILON), grad));
        }
        Op step = tf.withControlDependencies(updates).withName("train_step").noOp();
        return new AdamOptimizer(lr, b1, b2, step, List.of(grads));
    }

    static boolean isSlot(String variableName) {
        return variableName.endsWith(SLOT_M) || variableName.endsWith(SLOT_V);
    }
}
