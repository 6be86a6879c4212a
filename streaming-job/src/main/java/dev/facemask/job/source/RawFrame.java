package dev.facemask.job.source;

/**
 * A frames-topic record as read: its key and value bytes, not yet decoded. A Flink POJO (public
 * fields, no-argument constructor) so Flink serializes it without Kryo.
 *
 * <p>Why the key travels too: when the value cannot be read, the key is all that tells which
 * camera sent it, and the dead letter keeps it.
 */
public class RawFrame {

    /** The Kafka key; empty when the record had none. */
    public byte[] key;
    /** The Kafka value; empty for a tombstone. */
    public byte[] value;

    public RawFrame() {}

    public RawFrame(byte[] key, byte[] value) {
        this.key = key == null ? new byte[0] : key;
        this.value = value == null ? new byte[0] : value;
    }
}
