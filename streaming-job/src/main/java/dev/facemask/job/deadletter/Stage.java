package dev.facemask.job.deadletter;

/** The pipeline stage a dead letter comes from, as written to {@code DeadLetter.stage}. */
public enum Stage {
    /** The Kafka record could not be read as a {@code Frame}. */
    SOURCE("source"),
    /** The frame's image could not be decoded or prepared for the model. */
    DECODE("decode"),
    /** The model failed or did not answer in time. */
    INFERENCE("inference");

    private final String wireName;

    Stage(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
