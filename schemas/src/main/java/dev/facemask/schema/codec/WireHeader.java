package dev.facemask.schema.codec;

import java.util.HexFormat;

/**
 * The 10-byte header of Avro single-object encoding: magic {@code C3 01}, then the writer schema's
 * CRC-64-AVRO fingerprint, little-endian. When a value does not start with one, it says what it
 * saw instead, naming the most common mistake: Confluent Schema Registry framing (magic
 * {@code 0x00}, then a 4-byte big-endian schema id), which a producer gets from
 * {@code KafkaAvroSerializer}.
 */
final class WireHeader {

    static final int LENGTH = 10;
    static final String EXPECTED = "the job reads Avro single-object encoding: C3 01, then the writer schema's"
            + " 8-byte CRC-64-AVRO fingerprint, then the datum (no schema registry)";

    private static final int SHOWN_BYTES = 16;

    private WireHeader() {}

    /**
     * @return the writer schema's fingerprint
     * @throws MalformedRecordException saying what was expected and what the value starts with
     */
    static long fingerprintOf(byte[] value) {
        if (value.length >= 5 && value[0] == 0x00) {
            int id = ((value[1] & 0xff) << 24) | ((value[2] & 0xff) << 16) | ((value[3] & 0xff) << 8) | (value[4] & 0xff);
            throw new MalformedRecordException("Confluent Schema Registry framing (magic byte 0x00, schema id " + id
                    + "); " + EXPECTED + ". Saw " + describe(value)
                    + ". Write frames with the project's AvroWire (or Frame.toByteBuffer), not KafkaAvroSerializer");
        }
        if (value.length < LENGTH || (value[0] & 0xff) != 0xC3 || value[1] != 0x01) {
            throw new MalformedRecordException("no single-object header; " + EXPECTED + ". Saw " + describe(value));
        }
        long fingerprint = 0;
        for (int i = LENGTH - 1; i >= 2; i--) {
            fingerprint = (fingerprint << 8) | (value[i] & 0xff);
        }
        return fingerprint;
    }

    /** "{@code 7 bytes: 00 00 00 00 2a 02 63}", at most the first 16 bytes. */
    static String describe(byte[] value) {
        int shown = Math.min(value.length, SHOWN_BYTES);
        String hex = HexFormat.ofDelimiter(" ").formatHex(value, 0, shown);
        return value.length + " bytes: " + hex + (value.length > shown ? " ..." : "");
    }
}
