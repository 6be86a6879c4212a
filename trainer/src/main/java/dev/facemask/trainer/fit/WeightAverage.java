package dev.facemask.trainer.fit;

import dev.facemask.trainer.model.ModelWeights;
import dev.facemask.trainer.model.VariableStore;
import dev.facemask.trainer.model.VariableStore.Init;
import dev.facemask.trainer.model.WeightArray;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * An exponential moving average of the trainable weights (Polyak averaging, as TensorFlow's
 * {@code ExponentialMovingAverage} and YOLOv5's model EMA). Validation and export read the average:
 * from scratch on a few hundred photos the weights Adam just wrote jump from step to step, and a
 * validation split of a few dozen photos then picks an epoch by luck as much as by quality.
 *
 * <p>Each average is a plain variable named after its weight with {@link #SUFFIX}, so checkpoints
 * carry it and a resumed run continues it. The update runs in the graph after the Adam step.
 */
final class WeightAverage {

    static final String SUFFIX = "_ema";

    /** This step's decay, fed from Java: {@link #decayAt}. */
    final Placeholder<TFloat32> decay;
    /** average -= (1 - decay) * (average - weight), after {@code step}; the training step's target. */
    final Op update;
    /** average := weight, for a fresh start or weights loaded from elsewhere. */
    final Op reset;
    /** weight := average, before validation. */
    final Op swapIn;

    private WeightAverage(Placeholder<TFloat32> decay, Op update, Op reset, Op swapIn) {
        this.decay = decay;
        this.update = update;
        this.reset = reset;
        this.swapIn = swapIn;
    }

    /** Adds an average for every trainable variable of {@code vars}, updated after {@code step} runs. */
    static WeightAverage build(Ops tf, VariableStore vars, Op step) {
        Placeholder<TFloat32> decay = tf.withName("weight_average_decay").placeholder(TFloat32.class);
        Ops after = tf.withControlDependencies(List.of(step));
        List<Op> updates = new ArrayList<>();
        List<Op> resets = new ArrayList<>();
        List<Op> swaps = new ArrayList<>();
        for (Variable<TFloat32> v : vars.trainableVariables()) {
            Variable<TFloat32> average = vars.variable(v.op().name() + SUFFIX, v.shape().asArray(), Init.ZEROS, 0, 0,
                    false);
            updates.add(after.assignSub(average,
                    after.math.mul(after.math.sub(after.constant(1f), decay), after.math.sub(average, v))));
            resets.add(tf.assign(average, v));
            swaps.add(tf.assign(v, average));
        }
        return new WeightAverage(decay,
                tf.withControlDependencies(updates).withName("weight_average_update").noOp(),
                tf.withControlDependencies(resets).withName("weight_average_reset").noOp(),
                tf.withControlDependencies(swaps).withName("weight_average_swap_in").noOp());
    }

    static boolean isAverage(String variableName) {
        return variableName.endsWith(SUFFIX);
    }

    /**
     * TensorFlow's {@code num_updates} rule, min(decay, (1 + t) / (10 + t)): a short memory in the first
     * steps, when the weights are far from where they settle, and {@code decay} later.
     */
    static double decayAt(double decay, long step) {
        return Math.min(decay, (1.0 + step) / (10.0 + step));
    }

    /** Whether {@code weights} hold averages (a checkpoint of a run with them). */
    static boolean holdsAverages(ModelWeights weights) {
        return weights.names().stream().anyMatch(WeightAverage::isAverage);
    }

    /**
     * The model's weights as validation saw them: each trainable weight replaced by its average,
     * without optimizer slots or the averages themselves.
     */
    static ModelWeights averaged(ModelWeights all) {
        Map<String, WeightArray> out = new LinkedHashMap<>();
        for (Map.Entry<String, WeightArray> e : all.arrays().entrySet()) {
            String name = e.getKey();
            if (AdamOptimizer.isSlot(name) || isAverage(name)) {
                continue;
            }
            WeightArray average = all.arrays().get(name + SUFFIX);
            out.put(name, average != null ? average : e.getValue());
        }
        return new ModelWeights(out);
    }
}
