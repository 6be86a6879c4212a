package dev.facemask.inference.profile;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where one inference step's time goes, per op type, as TensorFlow's step statistics report it.
 *
 * @param batch images per step
 * @param steps traced steps averaged
 * @param stepMillis wall time of one traced step (tracing adds a little)
 * @param ops per op type: nodes per step and milliseconds per step, slowest first
 * @param kernels op types of the executed (optimised) graph and how many nodes of each
 */
public record StepProfile(int batch, int steps, double stepMillis, List<OpTime> ops, Map<String, Integer> kernels) {

    /**
     * One op type's share of a step.
     *
     * @param count nodes that ran, summed over the steps
     * @param millis their time, summed over the steps
     */
    public record OpTime(String opType, int count, double millis) {
        OpTime plus(OpTime other) {
            return new OpTime(opType, count + other.count, millis + other.millis);
        }
    }

    static StepProfile of(int batch, int steps, double stepMillis, Map<String, OpTime> byType,
            Map<String, Integer> kernels) {
        List<OpTime> perStep = new ArrayList<>();
        for (OpTime t : byType.values()) {
            perStep.add(new OpTime(t.opType(), t.count() / steps, t.millis() / steps));
        }
        perStep.sort(Comparator.comparingDouble(OpTime::millis).reversed());
        return new StepProfile(batch, steps, stepMillis, List.copyOf(perStep), new TreeMap<>(kernels));
    }

    /** Sum of every node's time per step; above the wall time when ops ran in parallel. */
    public double opMillis() {
        return ops.stream().mapToDouble(OpTime::millis).sum();
    }

    /** Milliseconds per step of the op types whose name contains {@code part} (say "Conv2D"). */
    public double millisOf(String part) {
        return ops.stream().filter(o -> o.opType().contains(part)).mapToDouble(OpTime::millis).sum();
    }

    /** A Markdown table of op types that take at least 0.5% of the op time, then the kernel summary. */
    public String table() {
        StringBuilder s = new StringBuilder();
        double total = opMillis();
        s.append(String.format(Locale.ROOT, "Step: batch %d, %.1f ms wall (%.1f images/s), %.1f ms of op time, mean of %d traced steps%n%n",
                batch, stepMillis, batch * 1000.0 / stepMillis, total, steps));
        s.append("| op type (kernel that ran) | nodes per step | ms per step | share of op time |\n|---|---|---|---|\n");
        double rest = 0;
        int restCount = 0;
        for (OpTime o : ops) {
            if (o.millis() < 0.005 * total) {
                rest += o.millis();
                restCount += o.count();
                continue;
            }
            s.append(String.format(Locale.ROOT, "| %s | %d | %.2f | %.1f%% |%n", o.opType(), o.count(), o.millis(),
                    100 * o.millis() / total));
        }
        s.append(String.format(Locale.ROOT, "| (other op types) | %d | %.2f | %.1f%% |%n", restCount, rest, 100 * rest / total));
        s.append("\nConvolution kernels in the executed graph: ");
        s.append(kernels.entrySet().stream().filter(e -> e.getKey().contains("Conv"))
                .map(e -> e.getKey() + " x" + e.getValue()).toList());
        s.append('\n');
        return s.toString();
    }
}
