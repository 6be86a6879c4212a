package dev.facemask.inference.profile;

import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GraphOptions;
import org.tensorflow.proto.RewriterConfig;

/** Arithmetic a session runs the model's float32 graph in. */
public enum Precision {
    /** As exported. */
    FP32,
    /**
     * oneDNN's automatic mixed precision: Grappler casts the convolutions, matrix products and
     * their neighbours to bfloat16 (the CPU's {@code avx512_bf16}); inputs and outputs stay float32.
     */
    BF16;

    /** Session options that select this precision. */
    public ConfigProto config() {
        if (this == FP32) {
            return ConfigProto.getDefaultInstance();
        }
        return ConfigProto.newBuilder().setGraphOptions(GraphOptions.newBuilder().setRewriteOptions(
                RewriterConfig.newBuilder().setAutoMixedPrecisionOnednnBfloat16(RewriterConfig.Toggle.ON))).build();
    }
}
