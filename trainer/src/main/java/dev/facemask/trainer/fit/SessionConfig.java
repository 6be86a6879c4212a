package dev.facemask.trainer.fit;

import org.tensorflow.proto.ConfigProto;

/**
 * TensorFlow session threading. By default TensorFlow sizes both its inter-op and intra-op pools to
 * the core count; {@code -Dfacemask.tf.interOpThreads=N} and {@code -Dfacemask.tf.intraOpThreads=N}
 * override them (0 keeps TensorFlow's choice).
 */
final class SessionConfig {

    private SessionConfig() {}

    static ConfigProto fromSystemProperties() {
        return ConfigProto.newBuilder()
                .setInterOpParallelismThreads(Integer.getInteger("facemask.tf.interOpThreads", 0))
                .setIntraOpParallelismThreads(Integer.getInteger("facemask.tf.intraOpThreads", 0))
                .build();
    }
}
