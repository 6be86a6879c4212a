package dev.facemask.inference.profile;

import dev.facemask.inference.Precision;
import dev.facemask.inference.SignatureNames;
import dev.facemask.inference.TensorFlowNatives;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.DeviceStepStats;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.NodeExecStats;
import org.tensorflow.proto.RunMetadata;
import org.tensorflow.proto.RunOptions;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.types.TFloat32;

/**
 * Profiles the {@code serving_default} signature of a SavedModel with TensorFlow's own step
 * statistics ({@code RunOptions.trace_level = FULL_TRACE}): time per op type, as the kernels that
 * really ran name them after Grappler and the oneDNN rewrite ({@code _MklNativeFusedConv2D},
 * {@code _FusedConv2D}, plain {@code Conv2D}...).
 *
 * <pre>{@code
 * StepProfile p = StepProfiler.profile(Path.of("models/seed"), 8, 5);
 * System.out.println(p.table());
 * }</pre>
 *
 * <p>It loads the model through TF-Java's {@code SavedModelBundle} (the classes DJL's engine is
 * built on, same natives) with TensorFlow's default session options, as DJL does, because DJL's
 * predictor does not expose run metadata.
 */
public final class StepProfiler {

    private StepProfiler() {}

    /**
     * Runs two untimed warm-up steps (Grappler optimises on the first), then {@code steps} traced
     * steps on a batch of mid-grey images.
     *
     * @param modelDir folder holding {@code saved_model.pb}
     * @param batch images per step
     * @param steps traced steps to average over
     */
    public static StepProfile profile(Path modelDir, int batch, int steps) {
        return profile(modelDir, batch, steps, Precision.FP32);
    }

    /** As above, with the session in {@code precision}. */
    public static StepProfile profile(Path modelDir, int batch, int steps, Precision precision) {
        Objects.requireNonNull(modelDir, "modelDir");
        if (batch < 1 || steps < 1) {
            throw new IllegalArgumentException("batch and steps must be at least 1, were " + batch + " and " + steps);
        }
        TensorFlowNatives.ensureLoaded();
        try (SavedModelBundle bundle = SavedModelBundle.loader(modelDir.toString()).withTags(SignatureNames.TAG)
                .withConfigProto(precision.config()).load()) {
            SignatureDef def = bundle.metaGraphDef().getSignatureDefMap().get(SignatureNames.SERVING);
            if (def == null) {
                throw new IllegalArgumentException(modelDir + " has no '" + SignatureNames.SERVING + "' signature");
            }
            TensorInfo input = def.getInputsMap().get(SignatureNames.INPUT_IMAGES);
            long side = input.getTensorShape().getDim(1).getSize();
            long channels = input.getTensorShape().getDim(3).getSize();
            List<String> outputs = def.getOutputsMap().values().stream().map(TensorInfo::getName).toList();
            float[] grey = new float[(int) (batch * side * side * channels)];
            Arrays.fill(grey, 0.5f);
            try (TFloat32 images = TFloat32.tensorOf(Shape.of(batch, side, side, channels), DataBuffers.of(grey, true, false))) {
                Session session = bundle.session();
                run(session, input.getName(), images, outputs, null);
                run(session, input.getName(), images, outputs, null);
                RunOptions traced = RunOptions.newBuilder().setTraceLevel(RunOptions.TraceLevel.FULL_TRACE)
                        .setOutputPartitionGraphs(true).build();
                Map<String, StepProfile.OpTime> byType = new HashMap<>();
                Map<String, Integer> kernels = new HashMap<>();
                long wallNanos = 0;
                for (int s = 0; s < steps; s++) {
                    long start = System.nanoTime();
                    RunMetadata md = run(session, input.getName(), images, outputs, traced);
                    wallNanos += System.nanoTime() - start;
                    collect(md, byType);
                    if (s == 0) {
                        countKernels(md, kernels);
                    }
                }
                return StepProfile.of(batch, steps, wallNanos / 1e6 / steps, byType, kernels);
            }
        }
    }

    /** One step; traced when {@code options} is not null, else a plain run returning null. */
    private static RunMetadata run(Session session, String input, TFloat32 images, List<String> outputs,
            RunOptions options) {
        Session.Runner runner = session.runner().feed(input, images);
        outputs.forEach(runner::fetch);
        if (options == null) {
            // TF-Java 1.0.0-rc.1 fails to parse the empty metadata of an untraced run: fetch none.
            runner.run().close();
            return null;
        }
        try (Result r = runner.setOptions(options).runAndFetchMetadata()) {
            return r.getMetadata().orElse(RunMetadata.getDefaultInstance());
        }
    }

    /** Adds each node's wall time (scheduling to end, microseconds) to its op type. */
    private static void collect(RunMetadata md, Map<String, StepProfile.OpTime> byType) {
        Map<String, String> opOf = new HashMap<>();
        for (GraphDef g : md.getPartitionGraphsList()) {
            for (NodeDef n : g.getNodeList()) {
                opOf.put(n.getName(), n.getOp());
            }
        }
        for (DeviceStepStats device : md.getStepStats().getDevStatsList()) {
            for (NodeExecStats node : device.getNodeStatsList()) {
                String op = opType(node, opOf);
                byType.merge(op, new StepProfile.OpTime(op, 1, node.getAllEndRelMicros() / 1000.0), StepProfile.OpTime::plus);
            }
        }
    }

    /** The op type from the timeline label ({@code "name = Op(inputs)"}), else from the executed graph. */
    static String opType(NodeExecStats node, Map<String, String> opOf) {
        String label = node.getTimelineLabel();
        int eq = label.indexOf(" = ");
        int paren = label.indexOf('(', Math.max(eq, 0));
        if (eq > 0 && paren > eq) {
            return label.substring(eq + 3, paren);
        }
        return opOf.getOrDefault(node.getNodeName(), node.getNodeName());
    }

    private static void countKernels(RunMetadata md, Map<String, Integer> kernels) {
        for (GraphDef g : md.getPartitionGraphsList()) {
            for (NodeDef n : g.getNodeList()) {
                kernels.merge(n.getOp(), 1, Integer::sum);
            }
        }
    }
}
