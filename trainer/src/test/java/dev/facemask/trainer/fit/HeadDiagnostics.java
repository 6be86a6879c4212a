package dev.facemask.trainer.fit;

import dev.facemask.trainer.model.BoxHead;
import dev.facemask.trainer.model.ModelConfig;
import dev.facemask.trainer.model.Preset;
import dev.facemask.trainer.pipeline.DatasetSplits;
import dev.facemask.trainer.pipeline.ExampleLoader;
import dev.facemask.vision.dataset.Split;
import dev.facemask.vision.preprocess.ColorMode;
import dev.facemask.vision.preprocess.Preprocessor;
import java.io.IOException;
import java.io.PrintStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/**
 * Not a test: activation and gradient statistics per head and per stage over the first training
 * steps on a real dataset, to see which head stops learning and why.
 * Run: {@code java -cp <test classpath> dev.facemask.trainer.fit.HeadDiagnostics DATA_DIR seed 30 32 [every]}.
 * {@code -DinputSize=N} overrides the preset's input size; {@code -Dlr=...} the learning rate.
 *
 * <p>It reads the box head's tensors by walking back from the box output along each op's first
 * input to the last feature map, and each stage's output by walking the residual chain back from
 * the last feature map, so it follows {@code SeResNet}'s graph structure.
 */
public final class HeadDiagnostics {

    public static void main(String[] args) throws IOException {
        Path data = Path.of(args[0]);
        Preset preset = Preset.parse(args.length > 1 ? args[1] : "seed");
        int steps = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        int batchSize = args.length > 3 ? Integer.parseInt(args[3]) : 32;
        int every = args.length > 4 ? Integer.parseInt(args[4]) : 5;
        DatasetSplits splits = DatasetSplits.open(data, DatasetSplits.DEFAULT_SPLIT_SEED);
        ModelConfig.Builder builder = ModelConfig.builder(preset).numClasses(splits.classNames().size());
        if (Integer.getInteger("inputSize") != null) {
            builder.inputSize(Integer.getInteger("inputSize"));
        }
        builder.boxHead(BoxHead.parse(System.getProperty("boxHead", "spatial")));
        ModelConfig config = builder.build();
        ExampleLoader loader = new ExampleLoader(new Preprocessor(config.inputSize(),
                ColorMode.forChannels(config.channels())));
        List<TrainingExample> train = loader.load(splits.images(Split.TRAIN), "train",
                new PrintStream(OutputStream.nullOutputStream())).examples();
        TrainingOptions options = TrainingOptions.builder().batchSize(batchSize)
                .learningRate(Double.parseDouble(System.getProperty("lr", "0.001"))).build();
        BatchAssembler batches = new BatchAssembler(train, batchSize, false, 0, 42);
        Batch probe = batches.assemble(batches.orderedBatches().get(0), null);
        System.out.printf(Locale.ROOT, "%s, %d training images, batch %d%n", config, train.size(), batchSize);
        try (TrainingSession s = TrainingSession.create(config, options)) {
            float[] mean = new float[4];
            for (TrainingExample e : train) {
                float[] xywh = e.modelBox().toXywh();
                for (int i = 0; i < 4; i++) {
                    mean[i] += xywh[i] / train.size();
                }
            }
            s.startBoxesAt(mean);
            Map<String, Operand<?>> probes = probes(s.trainingOutputs().boxes(), s.trainingOutputs().lastFeatureMap(),
                    config);
            int step = 0;
            for (int epoch = 1; step < steps; epoch++) {
                for (int[] idx : batches.shuffledBatches(epoch)) {
                    if (step % every == 0) {
                        report(s, probe, probes, step);
                    }
                    if (step++ >= steps) {
                        break;
                    }
                    StepResult r = s.trainStep(batches.assemble(idx, null));
                    System.out.printf(Locale.ROOT, "step %d: class loss %.4f, box loss %.5f%n", step, r.classLoss(),
                            r.boxLoss());
                }
            }
            report(s, probe, probes, step);
        }
    }

    /** Named tensors of the training-mode pass: each stage's output and every box-head layer. */
    static Map<String, Operand<?>> probes(Operand<TFloat32> boxes, Operand<TFloat32> lastFeatureMap,
            ModelConfig config) {
        Map<String, Operand<?>> probes = new LinkedHashMap<>();
        List<Output<?>> stageOutputs = new ArrayList<>();
        Output<?> block = lastFeatureMap.asOutput();
        for (int s = config.stageBlocks().size() - 1; s >= 0; s--) {
            stageOutputs.add(0, block);
            for (int b = 0; b < config.stageBlocks().get(s); b++) {
                Output<?> shortcut = op(op(block).input(0)).input(1);  // Relu <- AddV2(main, shortcut)
                String type = op(shortcut).type();
                // A projection shortcut is batch norm of a conv of the previous block's output.
                block = type.equals("Relu") || type.equals("MaxPool") ? shortcut : op(op(shortcut).input(0)).input(0);
            }
        }
        for (int s = 0; s < stageOutputs.size(); s++) {
            probes.put("stage" + (s + 1) + " output (ReLU)", stageOutputs.get(s));
        }
        // Box head, output first: follow each op's first input back to the last feature map.
        List<Output<?>> chain = new ArrayList<>();
        for (Output<?> o = boxes.asOutput(); !op(o).equals(op(lastFeatureMap.asOutput())); o = op(o).input(0)) {
            chain.add(0, o);
        }
        for (int i = 0; i < chain.size(); i++) {
            String type = op(chain.get(i)).type();
            boolean beforeSigmoid = i == chain.size() - 2;
            if (type.equals("Relu") || type.startsWith("FusedBatchNorm") || type.equals("Sigmoid") || beforeSigmoid
                    || (i + 1 < chain.size() && op(chain.get(i + 1)).type().equals("Relu"))) {
                probes.put("box " + i + " " + type + (beforeSigmoid ? " pre-sigmoid" : ""), chain.get(i));
            }
        }
        return probes;
    }

    private static GraphOperation op(Output<?> o) {
        return (GraphOperation) o.op();
    }

    static void report(TrainingSession s, Batch probe, Map<String, Operand<?>> probes, int step) {
        System.out.printf(Locale.ROOT, "--- after %d steps, probe batch of %d (training-mode batch norm)%n", step,
                probe.size());
        try (Result res = s.runTrainingMode(probe, List.copyOf(probes.values()))) {
            int i = 0;
            for (Map.Entry<String, Operand<?>> e : probes.entrySet()) {
                TFloat32 t = (TFloat32) res.get(i++);
                float[] v = new float[(int) t.size()];
                t.copyTo(DataBuffers.of(v, false, false));
                long[] shape = t.shape().asArray();
                System.out.printf(Locale.ROOT, "  %-24s %-18s %s%n", e.getKey(), java.util.Arrays.toString(shape),
                        stats(v, (int) shape[0], e.getKey()));
            }
        }
        Map<String, Double> norms = s.gradientNorms(probe);
        Map<String, double[]> groups = new LinkedHashMap<>();
        for (Map.Entry<String, Double> e : norms.entrySet()) {
            String n = e.getKey();
            String group = n.startsWith("box_") || n.startsWith("class_") ? n
                    : n.startsWith("stem") ? "stem" : n.substring(0, n.indexOf('_'));
            double[] acc = groups.computeIfAbsent(group, k -> new double[2]);
            acc[0] += e.getValue() * e.getValue();
            acc[1]++;
        }
        StringBuilder sb = new StringBuilder("  gradient L2 norms:");
        groups.forEach((g, acc) -> sb.append(String.format(Locale.ROOT, " %s=%.3g", g, Math.sqrt(acc[0]))));
        System.out.println(sb);
    }

    /** Mean, std, max |x|; share of exact zeros; units dead over the whole batch; sigmoid saturation. */
    static String stats(float[] v, int n, String name) {
        double sum = 0, sq = 0, maxAbs = 0;
        long zeros = 0, saturated = 0;
        for (float x : v) {
            sum += x;
            sq += (double) x * x;
            maxAbs = Math.max(maxAbs, Math.abs(x));
            zeros += x == 0 ? 1 : 0;
            saturated += Math.abs(x) > 6 ? 1 : 0;
        }
        double mean = sum / v.length;
        double std = Math.sqrt(Math.max(0, sq / v.length - mean * mean));
        int per = v.length / n;
        int deadUnits = 0;
        for (int u = 0; u < per; u++) {
            boolean dead = true;
            for (int i = 0; i < n && dead; i++) {
                dead = v[i * per + u] == 0;
            }
            deadUnits += dead ? 1 : 0;
        }
        String text = String.format(Locale.ROOT, "mean %.4g std %.4g max|x| %.4g zeros %.1f%% dead-over-batch %.1f%%",
                mean, std, maxAbs, 100.0 * zeros / v.length, 100.0 * deadUnits / per);
        if (name.contains("pre-sigmoid")) {
            text += String.format(Locale.ROOT, " |x|>6 (saturated) %.1f%%", 100.0 * saturated / v.length);
        }
        if (name.contains("Sigmoid")) {
            double[] m = new double[4];
            double[] spread = new double[4];
            for (int c = 0; c < 4; c++) {
                for (int i = 0; i < n; i++) {
                    m[c] += v[i * 4 + c] / n;
                }
                for (int i = 0; i < n; i++) {
                    spread[c] += Math.pow(v[i * 4 + c] - m[c], 2) / n;
                }
            }
            text += String.format(Locale.ROOT, " per-coordinate mean [%.3f %.3f %.3f %.3f] std [%.3g %.3g %.3g %.3g]",
                    m[0], m[1], m[2], m[3], Math.sqrt(spread[0]), Math.sqrt(spread[1]), Math.sqrt(spread[2]),
                    Math.sqrt(spread[3]));
        }
        return text;
    }
}
