package dev.facemask.trainer.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Folds inference-mode batch norm into the convolution before it, so that the exported graph is
 * conv + bias (+ ReLU), which Grappler's remapper and the oneDNN rewrite fuse into one kernel.
 *
 * <p>Batch norm on moving statistics is y = gamma (x - mean) / sqrt(var + eps) + beta. With
 * x = conv(in, w) and s = gamma / sqrt(var + eps) per output channel, y = conv(in, w s) + (beta -
 * mean s): scale each output channel's weights (the last axis of [k, k, in, out]) and add a bias.
 *
 * <pre>{@code
 * BatchNormFolding folding = new BatchNormFolding();
 * NetworkOutputs out = SeResNet.forward(tf, vars, config, images, folding);  // records the pairs
 * vars.load(session, folding.fold(trainedWeights));
 * }</pre>
 */
public final class BatchNormFolding {

    /**
     * One folded pair.
     *
     * @param convWeights the convolution's weight variable, [k, k, in, out]
     * @param batchNorm the batch norm's name, prefix of its four variables
     * @param bias the bias variable that replaces the batch norm, [out]
     */
    public record Pair(String convWeights, String batchNorm, String bias) {}

    private static final String[] STATISTICS = {"_gamma", "_beta", "_moving_mean", "_moving_variance"};

    private final List<Pair> pairs = new ArrayList<>();

    void add(Pair pair) {
        pairs.add(pair);
    }

    /** Pairs in build order. */
    public List<Pair> pairs() {
        return List.copyOf(pairs);
    }

    /**
     * Trained weights (with batch-norm variables) to the folded graph's: scaled convolution
     * weights and biases instead of each pair's batch-norm variables; every other array unchanged.
     */
    public ModelWeights fold(ModelWeights trained) {
        Map<String, WeightArray> out = new LinkedHashMap<>(trained.arrays());
        for (Pair p : pairs) {
            float[] gamma = trained.get(p.batchNorm() + "_gamma").values();
            float[] beta = trained.get(p.batchNorm() + "_beta").values();
            float[] mean = trained.get(p.batchNorm() + "_moving_mean").values();
            float[] variance = trained.get(p.batchNorm() + "_moving_variance").values();
            int channels = gamma.length;
            double[] scale = new double[channels];
            float[] bias = new float[channels];
            for (int c = 0; c < channels; c++) {
                scale[c] = gamma[c] / Math.sqrt(variance[c] + (double) Layers.BN_EPSILON);
                bias[c] = (float) (beta[c] - mean[c] * scale[c]);
            }
            WeightArray w = trained.get(p.convWeights());
            float[] scaled = w.values().clone();
            for (int i = 0; i < scaled.length; i++) {
                scaled[i] = (float) (scaled[i] * scale[i % channels]);  // output channel is the last axis
            }
            out.put(p.convWeights(), new WeightArray(w.shape(), scaled));
            for (String statistic : STATISTICS) {
                out.remove(p.batchNorm() + statistic);
            }
            out.put(p.bias(), new WeightArray(new long[] {channels}, bias));
        }
        return new ModelWeights(out);
    }

    /**
     * Weights read from a folded export back to the trainer's layout, exactly equivalent: each
     * bias becomes a batch norm with gamma 1, beta the bias, mean 0 and variance 1 - eps (so
     * sqrt(var + eps) is 1). Used to start training from an exported model ({@code --init-from}).
     */
    public static ModelWeights unfold(ModelWeights exported) {
        Map<String, WeightArray> out = new LinkedHashMap<>();
        exported.arrays().forEach((name, array) -> {
            if (!name.endsWith(Layers.FOLDED_BIAS_SUFFIX)) {
                out.put(name, array);
                return;
            }
            String bn = name.substring(0, name.length() - Layers.FOLDED_BIAS_SUFFIX.length());
            int channels = array.size();
            out.put(bn + "_gamma", filled(channels, 1f));
            out.put(bn + "_beta", array);
            out.put(bn + "_moving_mean", filled(channels, 0f));
            out.put(bn + "_moving_variance", filled(channels, 1f - Layers.BN_EPSILON));
        });
        return new ModelWeights(out);
    }

    private static WeightArray filled(int n, float value) {
        float[] v = new float[n];
        java.util.Arrays.fill(v, value);
        return new WeightArray(new long[] {n}, v);
    }
}
