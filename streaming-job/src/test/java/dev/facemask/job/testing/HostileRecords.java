package dev.facemask.job.testing;

import dev.facemask.schema.Box;
import dev.facemask.schema.Detection;
import dev.facemask.schema.Frame;
import dev.facemask.schema.codec.AvroWire;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * Kafka values on the frames topic that are not {@code Frame}s in the project's wire encoding
 * (Avro single-object encoding of the {@code Frame} schema), as a misconfigured or hostile producer
 * would send them. Each is named for assertion messages.
 */
public final class HostileRecords {

    /** A schema the job has never seen, with a name of its own. */
    static final Schema INTRUDER = SchemaBuilder.record("Intruder").namespace("example.other").fields()
            .requiredString("cameraId").requiredLong("sequence").requiredBytes("payload").endRecord();

    private HostileRecords() {}

    /**
     * @param frame a valid frame, whose values and encoding the hostile records start from
     * @param seed for the random bytes
     * @return name to Kafka value, in a fixed order
     */
    public static Map<String, byte[]> from(Frame frame, long seed) {
        Random random = new Random(seed);
        byte[] valid = AvroWire.of(Frame.getClassSchema()).encode(frame);
        Map<String, byte[]> values = new LinkedHashMap<>();
        values.put("a Detection (single-object encoding of another project schema)",
                AvroWire.of(Detection.getClassSchema()).encode(detection(frame)));
        values.put("a generic record of an unknown schema, single-object encoded", intruder(frame));
        values.put("a Frame of a newer schema (one more field) the job was not told about", newerFrame(frame));
        values.put("a raw Frame datum without the single-object header", rawDatum(frame));
        values.put("a Frame whose schema fingerprint has one bit flipped", flipped(valid, 2 + random.nextInt(8)));
        values.put("a Frame cut in the middle of its datum", Arrays.copyOf(valid, valid.length / 2));
        values.put("the single-object header of Frame followed by random bytes", headerThenRandom(valid, random));
        values.put("1 random byte", randomBytes(random, 1));
        values.put("64 random bytes", randomBytes(random, 64));
        values.put("4 KB of random bytes", randomBytes(random, 4096));
        values.put("an empty value", new byte[0]);
        return values;
    }

    /** Zig-zag varint of 2·10⁹: a length prefix no 1 MB record can honour. */
    private static final byte[] TWO_BILLION = {(byte) 0x80, (byte) 0xd0, (byte) 0xac, (byte) 0xf3, 0x0e};

    /**
     * Avro length bombs: the single-object header of {@code Frame}, then a datum whose first
     * string, first bytes or first array declares 2·10⁹ of them. Avro 1.12 allocates before it
     * reads, and throws {@code OutOfMemoryError}.
     *
     * @return field kind ({@code string}, {@code bytes}, {@code array}) to Kafka value
     */
    public static Map<String, byte[]> lengthBombs() {
        byte[] header = ByteBuffer.allocate(10).order(java.nio.ByteOrder.LITTLE_ENDIAN).put((byte) 0xC3)
                .put((byte) 0x01).putLong(AvroWire.fingerprint(Frame.getClassSchema())).array();
        // cameraId "c", sequence 0, captureTime 0
        byte[] keys = {0x02, 'c', 0x00, 0x00};
        // image empty, encoding JPEG, width null, height null, then the array branch of groundTruthBoxes
        byte[] upToArray = {0x00, 0x00, 0x00, 0x00, 0x02};
        Map<String, byte[]> bombs = new LinkedHashMap<>();
        bombs.put("string", concat(header, TWO_BILLION));
        bombs.put("bytes", concat(header, keys, TWO_BILLION));
        bombs.put("array", concat(header, keys, upToArray, TWO_BILLION));
        return bombs;
    }

    /** A frame as Confluent's {@code KafkaAvroSerializer} writes it: {@code 0x00}, a 4-byte schema id, the datum. */
    public static byte[] confluentFramed(Frame frame, int schemaId) {
        return concat(ByteBuffer.allocate(5).put((byte) 0).putInt(schemaId).array(), rawDatum(frame));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static Detection detection(Frame frame) {
        Box box = Box.newBuilder().setXMin(0.1f).setYMin(0.1f).setXMax(0.5f).setYMax(0.5f).build();
        return Detection.newBuilder().setCameraId(frame.getCameraId()).setSequence(frame.getSequence())
                .setCaptureTime(frame.getCaptureTime()).setProcessingTime(frame.getCaptureTime())
                .setModelName("tiny").setModelVersion("1").setClassId(0).setClassLabel("mask").setScore(0.9f)
                .setClassScores(Map.of("mask", 0.9f)).setBox(box).setBoxPixels(box).setInferenceMillis(1f)
                .setBatchSize(1).build();
    }

    private static byte[] intruder(Frame frame) {
        GenericRecord record = new GenericData.Record(INTRUDER);
        record.put("cameraId", frame.getCameraId());
        record.put("sequence", frame.getSequence());
        record.put("payload", frame.getImage().duplicate());
        return singleObject(INTRUDER, record);
    }

    private static byte[] newerFrame(Frame frame) {
        String json = Frame.getClassSchema().toString()
                .replaceFirst("\"fields\":\\[", "\"fields\":[{\"name\":\"lens\",\"type\":\"string\",\"default\":\"wide\"},");
        Schema newer = new Schema.Parser().parse(json);
        GenericRecord record = new GenericData.Record(newer);
        record.put("lens", "tele");
        record.put("cameraId", frame.getCameraId());
        record.put("sequence", frame.getSequence());
        record.put("captureTime", frame.getCaptureTime().toEpochMilli());
        record.put("image", frame.getImage().duplicate());
        record.put("encoding", new GenericData.EnumSymbol(newer.getField("encoding").schema(), "JPEG"));
        return singleObject(newer, record);
    }

    private static byte[] singleObject(Schema schema, GenericRecord record) {
        try {
            ByteBuffer buffer = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), schema).encode(record);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] rawDatum(Frame frame) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        try {
            new SpecificDatumWriter<Frame>(Frame.getClassSchema()).write(frame, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] flipped(byte[] valid, int index) {
        byte[] out = valid.clone();
        out[index] ^= 0x01;
        return out;
    }

    /** Magic and fingerprint (10 bytes) of a valid Frame, then 300 random bytes as the datum. */
    private static byte[] headerThenRandom(byte[] valid, Random random) {
        byte[] out = Arrays.copyOf(valid, 10 + 300);
        byte[] tail = randomBytes(random, 300);
        System.arraycopy(tail, 0, out, 10, tail.length);
        return out;
    }

    private static byte[] randomBytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }
}
