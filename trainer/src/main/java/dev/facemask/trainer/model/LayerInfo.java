package dev.facemask.trainer.model;

/**
 * One layer of the network as {@link ModelSummary} lists it.
 *
 * @param name variable-name prefix of the layer, such as {@code stage2_block1_conv2}
 * @param type conv, batchnorm, dense, ...
 * @param outputShape per-image output shape, such as {@code 31x31x256}
 * @param parameters floats this layer owns (including batch-norm moving statistics)
 * @param multiplyAdds multiply-accumulate operations per image
 */
public record LayerInfo(String name, String type, String outputShape, long parameters, long multiplyAdds) {}
