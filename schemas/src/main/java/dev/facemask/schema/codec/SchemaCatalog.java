package dev.facemask.schema.codec;

import dev.facemask.schema.Box;
import dev.facemask.schema.DeadLetter;
import dev.facemask.schema.Detection;
import dev.facemask.schema.Face;
import dev.facemask.schema.Frame;
import dev.facemask.schema.GradCam;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;

/**
 * Every record schema of the wire contract, with what a reader in another language needs to
 * recognise it: the Parsing Canonical Form, its CRC-64-AVRO fingerprint, and the 10-byte
 * single-object header that starts each Kafka value written with it.
 *
 * <pre>{@code
 * for (Schema s : SchemaCatalog.records()) {
 *     System.out.println(s.getFullName() + " " + SchemaCatalog.hex(SchemaCatalog.header(s)));
 * }
 * }</pre>
 */
public final class SchemaCatalog {

    /** Magic bytes of Avro single-object encoding, version 1. */
    public static final byte[] MAGIC = {(byte) 0xC3, 0x01};

    private SchemaCatalog() {}

    /** The topics' schemas first (Frame, Detection, DeadLetter), then the records they nest. */
    public static List<Schema> records() {
        return List.of(Frame.getClassSchema(), Detection.getClassSchema(), DeadLetter.getClassSchema(),
                Face.getClassSchema(), Box.getClassSchema(), GradCam.getClassSchema());
    }

    /** Avro's Parsing Canonical Form: no doc, default or logicalType; full names; one line. */
    public static String canonicalForm(Schema schema) {
        return SchemaNormalization.toParsingForm(schema);
    }

    /** The fingerprint as single-object encoding writes it: CRC-64-AVRO of the canonical form, little-endian. */
    public static byte[] fingerprintBytes(Schema schema) {
        long fingerprint = AvroWire.fingerprint(schema);
        byte[] out = new byte[8];
        for (int i = 0; i < 8; i++) {
            out[i] = (byte) (fingerprint >>> (8 * i));
        }
        return out;
    }

    /** The first 10 bytes of every value written with {@code schema}: {@code C3 01}, then the fingerprint. */
    public static byte[] header(Schema schema) {
        byte[] out = new byte[WireHeader.LENGTH];
        System.arraycopy(MAGIC, 0, out, 0, MAGIC.length);
        System.arraycopy(fingerprintBytes(schema), 0, out, MAGIC.length, 8);
        return out;
    }

    /** Upper-case hex bytes separated by spaces, as the README shows them: {@code C3 01 ...}. */
    public static String hex(byte[] bytes) {
        return java.util.HexFormat.ofDelimiter(" ").withUpperCase().formatHex(bytes);
    }
}
