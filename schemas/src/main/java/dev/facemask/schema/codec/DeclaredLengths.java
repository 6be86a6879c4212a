package dev.facemask.schema.codec;

import java.util.IdentityHashMap;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * Walks a binary Avro datum by its writer schema, before it is decoded, and refuses it when a
 * declared length cannot fit in the bytes that follow: a {@code bytes} or {@code string} longer
 * than the rest of the record, or an array or map block whose items, at their smallest encoded
 * size, would not fit either.
 *
 * <p>Why: Avro allocates what a length prefix declares before it reads the bytes. A 15-byte value
 * declaring a 2·10⁹-byte string makes Avro 1.12 throw {@code OutOfMemoryError}. Avro's own
 * limits ({@code org.apache.avro.limits.*.maxLength}) are JVM-wide system properties read once,
 * when {@code SystemLimitException} loads, so a job cannot set them reliably on a shared
 * TaskManager. The record's own size is a bound that needs no setting: an honest datum never
 * declares more than it carries.
 */
final class DeclaredLengths {

    private final byte[] bytes;
    private int position;
    private final Map<Schema, Integer> minSizes = new IdentityHashMap<>();

    private DeclaredLengths(byte[] bytes, int offset) {
        this.bytes = bytes;
        this.position = offset;
    }

    /**
     * @param writer the schema the datum was written with
     * @param offset where the datum starts in {@code bytes}
     * @throws MalformedRecordException naming the field whose declared length does not fit
     */
    static void check(Schema writer, byte[] bytes, int offset) {
        new DeclaredLengths(bytes, offset).walk(writer, writer.getName());
    }

    private void walk(Schema schema, String path) {
        switch (schema.getType()) {
            case NULL -> { }
            case BOOLEAN -> skip(1, path);
            case INT, LONG, ENUM -> readVarLong(path);
            case FLOAT -> skip(4, path);
            case DOUBLE -> skip(8, path);
            case FIXED -> skip(schema.getFixedSize(), path);
            case STRING, BYTES -> skip(declaredLength(path), path);
            case RECORD -> schema.getFields().forEach(f -> walk(f.schema(), path + "." + f.name()));
            case UNION -> walkUnion(schema, path);
            case ARRAY -> walkBlocks(schema.getElementType(), 0, path + "[]");
            case MAP -> walkBlocks(schema.getValueType(), 1, path + "{}");
        }
    }

    private void walkUnion(Schema union, String path) {
        long index = readVarLong(path);
        if (index < 0 || index >= union.getTypes().size()) {
            throw new MalformedRecordException("union branch " + index + " of " + path + " does not exist (the union has "
                    + union.getTypes().size() + " branches)");
        }
        walk(union.getTypes().get((int) index), path);
    }

    /** Array or map blocks: a count (negative: followed by the block's byte size), items, until a count of 0. */
    private void walkBlocks(Schema items, int keyMinSize, String path) {
        int itemMinSize = Math.max(1, keyMinSize + minSize(items));
        while (true) {
            long count = readVarLong(path);
            if (count == 0) {
                return;
            }
            if (count < 0) {
                count = -count;
                long blockBytes = readVarLong(path);
                if (blockBytes < 0 || blockBytes > remaining()) {
                    throw tooLong(path, "a block of " + blockBytes + " bytes");
                }
            }
            if (count < 0 || count > remaining() / itemMinSize) {
                throw tooLong(path, count + " items of at least " + itemMinSize + " bytes each");
            }
            for (long i = 0; i < count; i++) {
                if (keyMinSize > 0) {
                    skip(declaredLength(path + " key"), path);
                }
                walk(items, path);
            }
        }
    }

    private long declaredLength(String path) {
        long length = readVarLong(path);
        if (length < 0 || length > remaining()) {
            throw tooLong(path, length + " bytes");
        }
        return length;
    }

    private MalformedRecordException tooLong(String path, String declared) {
        return new MalformedRecordException(path + " declares " + declared + ", but the record has only "
                + remaining() + " bytes left (" + bytes.length + " bytes in all)");
    }

    private void skip(long length, String path) {
        if (length > remaining()) {
            throw new MalformedRecordException("datum ends inside " + path + " (" + bytes.length + " bytes in all)");
        }
        position += (int) length;
    }

    private int remaining() {
        return bytes.length - position;
    }

    /** Avro's zig-zag varint, at most 10 bytes. */
    private long readVarLong(String path) {
        long raw = 0;
        for (int shift = 0; shift < 70; shift += 7) {
            if (position >= bytes.length) {
                throw new MalformedRecordException("datum ends inside " + path + " (" + bytes.length + " bytes in all)");
            }
            int b = bytes[position++] & 0xff;
            raw |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return (raw >>> 1) ^ -(raw & 1);
            }
        }
        throw new MalformedRecordException("a number in " + path + " is longer than 10 bytes");
    }

    /** The fewest bytes one value of {@code schema} takes; a recursive record counts as 1. */
    private int minSize(Schema schema) {
        Integer known = minSizes.get(schema);
        if (known != null) {
            return known;
        }
        minSizes.put(schema, 1);
        int size = switch (schema.getType()) {
            case NULL -> 0;
            case FLOAT -> 4;
            case DOUBLE -> 8;
            case FIXED -> schema.getFixedSize();
            case RECORD -> schema.getFields().stream().mapToInt(f -> minSize(f.schema())).sum();
            case UNION -> 1 + schema.getTypes().stream().mapToInt(this::minSize).min().orElse(0);
            default -> 1; // boolean, int, long, enum, string, bytes, array, map: one byte at least
        };
        minSizes.put(schema, size);
        return size;
    }
}
