package dev.facemask.trainer.model;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.tensorflow.Graph;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;

/**
 * Layers, parameter count and cost of a configuration, as {@code ./detector model summary} prints.
 *
 * <pre>{@code
 * ModelSummary s = ModelSummary.of(ModelConfig.builder(Preset.SEED).build());
 * System.out.println(s.format());
 * }</pre>
 *
 * @param config the summarised configuration
 * @param layers layers in build order
 * @param parameters all floats, including batch-norm moving statistics (as Keras' "Total params")
 * @param trainableParameters floats the optimizer updates
 * @param gflopsPerImage forward cost: 2 x multiply-adds of convolutions and dense layers, in 1e9
 */
public record ModelSummary(ModelConfig config, List<LayerInfo> layers, long parameters, long trainableParameters,
        double gflopsPerImage) {

    public ModelSummary {
        layers = List.copyOf(layers);
    }

    /** Builds the inference graph of {@code config} (no session is run) and measures it. */
    public static ModelSummary of(ModelConfig config) {
        try (Graph graph = new Graph()) {
            Ops tf = Ops.create(graph);
            VariableStore vars = new VariableStore(tf);
            Placeholder<TFloat32> images = tf.placeholder(TFloat32.class, Placeholder.shape(
                    Shape.of(-1, config.inputSize(), config.inputSize(), config.channels())));
            List<LayerInfo> built = config.dense()
                    ? DenseDetector.forward(tf, vars, config, images, false).layers()
                    : SeResNet.forward(tf, vars, config, images, false).layers();
            long trainable = vars.specs().stream().filter(VariableStore.Spec::trainable)
                    .mapToLong(s -> Arrays.stream(s.shape()).reduce(1, (a, b) -> a * b)).sum();
            long macs = built.stream().mapToLong(LayerInfo::multiplyAdds).sum();
            return new ModelSummary(config, built, vars.parameterCount(), trainable, 2.0 * macs / 1e9);
        }
    }

    /** A table of the layers followed by the totals. */
    public String format() {
        StringBuilder sb = new StringBuilder();
        sb.append("Model ").append(config).append('\n');
        sb.append(String.format(Locale.ROOT, "%-30s %-14s %-14s %12s %14s%n", "layer", "type", "output", "params",
                "MACs"));
        for (LayerInfo l : layers) {
            sb.append(String.format(Locale.ROOT, "%-30s %-14s %-14s %,12d %,14d%n", l.name(), l.type(),
                    l.outputShape(), l.parameters(), l.multiplyAdds()));
        }
        sb.append(String.format(Locale.ROOT, "Layers: %d%nTotal params: %,d (trainable %,d)%n"
                + "Forward cost: %.2f GFLOPs per image at %dx%dx%d%n", layers.size(), parameters,
                trainableParameters, gflopsPerImage, config.inputSize(), config.inputSize(), config.channels()));
        return sb.toString();
    }
}
