package dev.facemask.trainer.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Assign;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * Creates the graph's variables by name and moves their values in and out of a session.
 *
 * <p>Variables are plain (ref) {@code VariableV2}: TF-Java's SavedModel exporter saves only those.
 * Each variable gets a placeholder and an {@code Assign}, so initial values (drawn in Java from a
 * seed), checkpoints and trained weights are all loaded the same way. Asking twice for a name
 * returns the same variable, which lets a second (inference-mode) forward pass share weights.
 */
public final class VariableStore {

    /** How a variable's initial value is drawn. */
    public enum Init { HE_NORMAL, GLOROT_UNIFORM, ZEROS, ONES }

    /**
     * @param name variable (and op) name
     * @param shape variable shape
     * @param init initial-value rule
     * @param fanIn inputs per output unit, for He and Glorot
     * @param fanOut outputs per input unit, for Glorot
     * @param trainable whether the optimizer updates it (batch-norm moving statistics are not)
     */
    public record Spec(String name, long[] shape, Init init, int fanIn, int fanOut, boolean trainable) {}

    private record Entry(Spec spec, Variable<TFloat32> variable, Placeholder<TFloat32> feed, Assign<TFloat32> assign) {}

    private final Ops tf;
    private final Map<String, Entry> entries = new LinkedHashMap<>();

    public VariableStore(Ops tf) {
        this.tf = tf;
    }

    /** The variable called {@code name}, created on first request. */
    public Variable<TFloat32> variable(String name, long[] shape, Init init, int fanIn, int fanOut, boolean trainable) {
        Entry existing = entries.get(name);
        if (existing != null) {
            return existing.variable;
        }
        Variable<TFloat32> v = tf.withName(name).variable(Shape.of(shape), TFloat32.class);
        Placeholder<TFloat32> feed = tf.withName(name + "_feed")
                .placeholder(TFloat32.class, Placeholder.shape(Shape.of(shape)));
        Assign<TFloat32> assign = tf.withName(name + "_assign").assign(v, feed);
        entries.put(name, new Entry(new Spec(name, shape, init, fanIn, fanOut, trainable), v, feed, assign));
        return v;
    }

    /** Whether {@code name} is a variable the optimizer updates. */
    public boolean isTrainable(String name) {
        Entry e = entries.get(name);
        return e != null && e.spec.trainable();
    }

    public boolean contains(String name) {
        return entries.containsKey(name);
    }

    public List<Spec> specs() {
        return entries.values().stream().map(Entry::spec).toList();
    }

    /** Trainable variables in creation order: the list gradients are taken for. */
    public List<Variable<TFloat32>> trainableVariables() {
        return entries.values().stream().filter(e -> e.spec.trainable()).map(Entry::variable).toList();
    }

    /** Number of floats held by all variables, including batch-norm moving statistics. */
    public long parameterCount() {
        long n = 0;
        for (Entry e : entries.values()) {
            long s = 1;
            for (long d : e.spec.shape()) {
                s *= d;
            }
            n += s;
        }
        return n;
    }

    /** Fresh values for every variable, reproducible from {@code seed}. */
    public ModelWeights initialWeights(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, WeightArray> out = new LinkedHashMap<>();
        for (Entry e : entries.values()) {
            out.put(e.spec.name(), Initializers.draw(e.spec, random.split()));
        }
        return new ModelWeights(out);
    }

    /**
     * Assigns every variable that {@code weights} names; variables it does not name keep their value.
     *
     * @throws IllegalArgumentException when a named variable does not exist here or has another shape
     */
    public void load(Session session, ModelWeights weights) {
        Session.Runner runner = session.runner();
        List<Tensor> fed = new ArrayList<>();
        try {
            for (Map.Entry<String, WeightArray> w : weights.arrays().entrySet()) {
                Entry e = entries.get(w.getKey());
                if (e == null) {
                    throw new IllegalArgumentException("Weights name variable '" + w.getKey()
                            + "' that this graph does not have: model configuration differs from the weights'");
                }
                if (!Arrays.equals(e.spec.shape(), w.getValue().shape())) {
                    throw new IllegalArgumentException("Variable '" + w.getKey() + "' has shape "
                            + Arrays.toString(e.spec.shape()) + " but the weights have "
                            + Arrays.toString(w.getValue().shape()));
                }
                TFloat32 t = TFloat32.tensorOf(Shape.of(w.getValue().shape()), DataBuffers.of(w.getValue().values(), true, false));
                fed.add(t);
                runner.feed(e.feed, t).addTarget(e.assign);
            }
            if (!fed.isEmpty()) {
                runner.run().close();
            }
        } finally {
            fed.forEach(Tensor::close);
        }
    }

    /** Reads the current value of every variable. */
    public ModelWeights read(Session session) {
        return read(session, name -> true);
    }

    /** Reads the current value of the variables whose names pass {@code keep}. */
    public ModelWeights read(Session session, Predicate<String> keep) {
        Map<String, WeightArray> out = new LinkedHashMap<>();
        List<Entry> all = entries.values().stream().filter(e -> keep.test(e.spec.name())).toList();
        // Fetch in chunks so a 27 M-parameter model does not hold every tensor twice at once.
        for (int from = 0; from < all.size(); from += 64) {
            List<Entry> chunk = all.subList(from, Math.min(all.size(), from + 64));
            Session.Runner runner = session.runner();
            chunk.forEach(e -> runner.fetch(e.variable));
            try (Result result = runner.run()) {
                for (int i = 0; i < chunk.size(); i++) {
                    Spec spec = chunk.get(i).spec;
                    TFloat32 t = (TFloat32) result.get(i);
                    float[] values = new float[(int) t.size()];
                    t.copyTo(DataBuffers.of(values, false, false));
                    out.put(spec.name(), new WeightArray(spec.shape(), values));
                }
            }
        }
        return new ModelWeights(out);
    }
}
