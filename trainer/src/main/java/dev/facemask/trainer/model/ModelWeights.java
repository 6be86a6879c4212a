package dev.facemask.trainer.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Values of a graph's variables by variable name, in creation order. Both the training and the
 * inference graph name their variables the same way, which is how trained weights move from one
 * to the other and in and out of checkpoints.
 */
public final class ModelWeights {

    private final Map<String, WeightArray> arrays;

    public ModelWeights(Map<String, WeightArray> arrays) {
        this.arrays = Collections.unmodifiableMap(new LinkedHashMap<>(arrays));
    }

    public Map<String, WeightArray> arrays() {
        return arrays;
    }

    public Set<String> names() {
        return arrays.keySet();
    }

    /**
     * The array of one variable.
     *
     * @throws IllegalArgumentException naming the missing variable
     */
    public WeightArray get(String name) {
        WeightArray a = arrays.get(name);
        if (a == null) {
            throw new IllegalArgumentException("No weights for variable '" + name + "' (have " + arrays.size()
                    + " variables; was the checkpoint written for another preset?)");
        }
        return a;
    }

    /** The subset whose names pass {@code keep}. */
    public ModelWeights filter(Predicate<String> keep) {
        Map<String, WeightArray> kept = new LinkedHashMap<>();
        arrays.forEach((k, v) -> {
            if (keep.test(k)) {
                kept.put(k, v);
            }
        });
        return new ModelWeights(kept);
    }

    /**
     * A copy with every bottleneck's last batch-norm scale ({@code stageS_blockB_bn3_gamma}) at 0:
     * each residual block then starts as its shortcut (Goyal et al. 2017).
     */
    public ModelWeights withZeroResidualScales() {
        Map<String, WeightArray> out = new LinkedHashMap<>(arrays);
        out.replaceAll((name, a) -> RESIDUAL_SCALE.matcher(name).matches()
                ? new WeightArray(a.shape(), new float[a.values().length]) : a);
        return new ModelWeights(out);
    }

    private static final java.util.regex.Pattern RESIDUAL_SCALE = java.util.regex.Pattern.compile(
            "stage\\d+_block\\d+_bn3_gamma");

    /** Total number of floats. */
    public long parameterCount() {
        return arrays.values().stream().mapToLong(WeightArray::size).sum();
    }

    /** True when both hold the same variables with bit-for-bit the same values. */
    public boolean sameAs(ModelWeights other) {
        if (!arrays.keySet().equals(other.arrays.keySet())) {
            return false;
        }
        return arrays.entrySet().stream().allMatch(e -> e.getValue().sameAs(other.arrays.get(e.getKey())));
    }
}
