package dev.facemask.inference;

import java.util.Locale;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.RewriterConfig;

/**
 * Arithmetic a session runs the model's float32 graph in. The SavedModel is the same for both:
 * the precision is a session option, chosen when the model is loaded.
 *
 * <pre>{@code
 * SavedModelPredictor bf16 = SavedModelPredictor.load(Path.of("models/tiny"), Precision.parse("bf16"));
 * }</pre>
 */
public enum Precision {
    /** As exported. */
    FP32,
    /**
     * oneDNN's automatic mixed precision: Grappler casts the convolutions, matrix products and
     * their neighbours to bfloat16 (the CPU's {@code avx512_bf16}, or AMX); inputs and outputs stay
     * float32. On a CPU without native bf16, oneDNN emulates it, which is correct but not faster.
     */
    BF16;

    /** The name on the command line and in reports: {@code fp32}, {@code bf16}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return id();
    }

    /**
     * {@code fp32} or {@code bf16}, any case.
     *
     * @throws IllegalArgumentException naming the value and the accepted ones
     */
    public static Precision parse(String value) {
        String v = value == null ? "" : value.trim();
        for (Precision p : values()) {
            if (p.id().equalsIgnoreCase(v)) {
                return p;
            }
        }
        throw new IllegalArgumentException("'" + value + "' is not a precision: use fp32 or bf16");
    }

    /** Session options that select this precision, on top of TensorFlow's defaults. */
    public ConfigProto config() {
        return config(ConfigProto.getDefaultInstance());
    }

    /** {@code base} (thread counts and the like) with this precision's rewrite added. */
    public ConfigProto config(ConfigProto base) {
        if (this == FP32) {
            return base;
        }
        ConfigProto.Builder b = base.toBuilder();
        b.getGraphOptionsBuilder().getRewriteOptionsBuilder()
                .setAutoMixedPrecisionOnednnBfloat16(RewriterConfig.Toggle.ON);
        return b.build();
    }
}
