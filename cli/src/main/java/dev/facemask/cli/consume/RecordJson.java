package dev.facemask.cli.consume;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/** One JSON line per Avro record, in schema field order; byte payloads are shown by size only. */
public final class RecordJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RecordJson() {}

    public static String toJson(SpecificRecord record) {
        try {
            return JSON.writeValueAsString(toMap(record));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, Object> toMap(SpecificRecord record) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Schema.Field f : record.getSchema().getFields()) {
            out.put(f.name(), plain(record.get(f.pos())));
        }
        return out;
    }

    private static Object plain(Object v) {
        if (v instanceof SpecificRecord r) {
            return toMap(r);
        }
        if (v instanceof ByteBuffer b) {
            return Map.of("bytes", b.remaining());
        }
        if (v instanceof Instant t) {
            return t.toEpochMilli();
        }
        if (v instanceof Enum<?> e) {
            return e.name();
        }
        if (v instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(x -> copy.add(plain(x)));
            return copy;
        }
        if (v instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, x) -> copy.put(String.valueOf(k), plain(x)));
            return copy;
        }
        return v instanceof CharSequence s ? s.toString() : v;
    }
}
