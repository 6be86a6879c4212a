package dev.facemask.trainer.model;

import java.util.List;
import java.util.Objects;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Builds the two-head SE-ResNet forward pass into a graph.
 *
 * <pre>{@code
 * NetworkOutputs out = SeResNet.forward(tf, vars, config, images, false);  // inference mode
 * }</pre>
 *
 * <p>Backbone: stem, then bottleneck stages (1x1 reduce, 3x3 with the stage's stride, 1x1 expand,
 * each with batch norm; squeeze-and-excitation; projection shortcut where shape changes; ReLU after
 * the sum). Classifier: global average pool, dense, softmax. Box head: 1x1 conv + ReLU keeps the
 * spatial layout at few channels, flatten, dense + ReLU, dense to 4, sigmoid.
 */
public final class SeResNet {

    private SeResNet() {}

    /**
     * Adds one forward pass. Calling it twice on the same {@link VariableStore} (say, training
     * and inference mode) shares every weight.
     *
     * @param images [N, inputSize, inputSize, channels] floats in 0..1
     * @param training batch norm on batch statistics (and moving-average updates) instead of moving averages
     */
    public static NetworkOutputs forward(Ops tf, VariableStore vars, ModelConfig config, Operand<TFloat32> images,
            boolean training) {
        Objects.requireNonNull(config, "config");
        Layers layers = new Layers(tf, vars, training);
        List<Feature> stages = backbone(layers, config, images);
        Feature x = stages.get(stages.size() - 1);
        Operand<TFloat32> logits = classifier(layers, x, config);
        Operand<TFloat32> boxes = boxHead(tf, layers, x, config);
        return new NetworkOutputs(logits, tf.nn.softmax(logits), boxes, x.value(),
                List.copyOf(layers.movingAverageUpdates()), List.copyOf(layers.layers()));
    }

    /**
     * The stem and the bottleneck stages, shared by both heads.
     *
     * @return each stage's output, shallow to deep: strides 4, 8, 16 (and 32 with four stages)
     */
    static List<Feature> backbone(Layers layers, ModelConfig config, Operand<TFloat32> images) {
        Feature x = new Feature(images, config.inputSize(), config.channels());
        x = layers.relu(layers.batchNorm("stem_bn", layers.conv("stem_conv", x, config.stemWidth(), 7, 2)));
        x = layers.maxPool3x3Stride2("stem_pool", x);
        List<Feature> stages = new java.util.ArrayList<>();
        for (int s = 0; s < config.stageWidths().size(); s++) {
            for (int b = 0; b < config.stageBlocks().get(s); b++) {
                int stride = (s > 0 && b == 0) ? 2 : 1;
                String name = "stage" + (s + 1) + "_block" + (b + 1);
                x = bottleneck(layers, name, x, config.stageWidths().get(s), stride, config);
            }
            stages.add(x);
        }
        return stages;
    }

    private static Feature bottleneck(Layers l, String name, Feature x, int width, int stride, ModelConfig config) {
        int out = width * config.expansion();
        Feature y = l.relu(l.batchNorm(name + "_bn1", l.conv(name + "_conv1", x, width, 1, 1)));
        // Stride on the 3x3 (ResNet v1.5), which keeps more information than striding the 1x1.
        y = l.relu(l.batchNorm(name + "_bn2", l.conv(name + "_conv2", y, width, 3, stride)));
        y = l.batchNorm(name + "_bn3", l.conv(name + "_conv3", y, out, 1, 1));
        y = l.squeezeExcite(name + "_se", y, config.seReduction());
        Feature shortcut = x;
        if (stride != 1 || x.channels() != out) {
            shortcut = l.batchNorm(name + "_proj_bn", l.conv(name + "_proj", x, out, 1, stride));
        }
        return l.relu(l.add(y, shortcut));
    }

    /** Global average pool [N,c], dense to [N,classes] logits. */
    private static Operand<TFloat32> classifier(Layers l, Feature x, ModelConfig config) {
        return l.dense("class_dense", l.globalAveragePool(x), x.channels(), config.numClasses());
    }

    /** 1x1 conv + ReLU [N,h,w,k], flatten [N,h*w*k], dense + ReLU, dense [N,4], sigmoid. */
    private static Operand<TFloat32> boxHead(Ops tf, Layers l, Feature x, ModelConfig config) {
        Feature cut = l.relu(l.conv1x1WithBias("box_conv", x, config.boxHeadChannels()));
        int flat = cut.size() * cut.size() * cut.channels();
        Operand<TFloat32> flattened = tf.reshape(cut.value(), tf.constant(new int[] {-1, flat}));
        Operand<TFloat32> hidden = tf.nn.relu(l.dense("box_dense1", flattened, flat, config.boxHeadHidden()));
        return tf.math.sigmoid(l.dense("box_dense2", hidden, config.boxHeadHidden(), 4));
    }
}
