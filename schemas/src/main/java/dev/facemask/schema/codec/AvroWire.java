package dev.facemask.schema.codec;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * The one wire encoding of every topic: Avro <em>single-object encoding</em> (magic {@code C3 01},
 * the writer schema's 8-byte CRC-64 fingerprint, then the binary datum).
 *
 * <p>Why: a plain Kafka consumer decodes it with the generated class alone
 * ({@code Detection.fromByteBuffer(ByteBuffer.wrap(value))}), no schema registry is needed, and
 * the fingerprint lets a reader resolve records written by an older or newer schema it was told
 * about with {@link #withKnownWriterSchema}. Random bytes fail fast on the header instead of
 * decoding into garbage.
 *
 * <p>Decoding is safe on untrusted bytes: the header is checked first (naming Confluent Schema
 * Registry framing when it sees it), then every length the datum declares is checked against the
 * bytes it carries ({@link DeclaredLengths}), so a length bomb is a {@link MalformedRecordException},
 * never an {@code OutOfMemoryError}.
 *
 * @param <T> a generated record class
 */
public final class AvroWire<T extends SpecificRecord> {

    private final BinaryMessageEncoder<T> encoder;
    private final BinaryMessageDecoder<T> decoder;
    /** Writer schemas this reader resolves, by CRC-64-AVRO fingerprint. */
    private final Map<Long, Schema> writers = new ConcurrentHashMap<>();
    private final String readerName;

    private AvroWire(Schema schema) {
        this.readerName = schema.getFullName();
        this.encoder = new BinaryMessageEncoder<>(SpecificData.get(), schema);
        this.decoder = new BinaryMessageDecoder<>(SpecificData.get(), schema);
        writers.put(fingerprint(schema), schema);
    }

    /** A codec for a generated class, for example {@code AvroWire.of(Frame.getClassSchema())}. */
    public static <T extends SpecificRecord> AvroWire<T> of(Schema schema) {
        return new AvroWire<>(schema);
    }

    /** Also accept records written with {@code writerSchema}, resolved to this reader's schema. */
    public AvroWire<T> withKnownWriterSchema(Schema writerSchema) {
        decoder.addSchema(writerSchema);
        writers.put(fingerprint(writerSchema), writerSchema);
        return this;
    }

    /** The CRC-64-AVRO fingerprint of a schema's parsing canonical form, as single-object encoding writes it. */
    public static long fingerprint(Schema schema) {
        return SchemaNormalization.parsingFingerprint64(schema);
    }

    public byte[] encode(T record) {
        try {
            ByteBuffer buffer = encoder.encode(record);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot encode " + record.getSchema().getName() + ": " + e.getMessage(), e);
        }
    }

    /**
     * @throws MalformedRecordException naming what was wrong: empty value, bad header (what was
     *     expected and what was seen), unknown schema, a declared length beyond the record, truncated datum
     */
    public T decode(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw new MalformedRecordException("empty record value");
        }
        long fingerprint = WireHeader.fingerprintOf(bytes);
        Schema writer = writers.get(fingerprint);
        if (writer == null) {
            throw new MalformedRecordException(String.format("unknown writer schema, fingerprint %016x; this reader"
                    + " knows %d version(s) of %s", fingerprint, writers.size(), readerName));
        }
        DeclaredLengths.check(writer, bytes, WireHeader.LENGTH);
        try {
            return decoder.decode(bytes);
        } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException | NegativeArraySizeException e) {
            throw new MalformedRecordException(e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }
}
