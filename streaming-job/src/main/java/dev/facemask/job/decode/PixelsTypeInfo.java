package dev.facemask.job.decode;

import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/** Flink's type of {@link PreparedFrame#pixels}: a float array whose serialized form leaves the values out ({@link PixelsSerializer}). */
public final class PixelsTypeInfo extends TypeInformation<float[]> {

    private static final long serialVersionUID = 1L;

    /** Named by {@code @TypeInfo} on the field. */
    public static final class Factory extends TypeInfoFactory<float[]> {
        @Override
        public TypeInformation<float[]> createTypeInfo(Type t, Map<String, TypeInformation<?>> genericParameters) {
            return new PixelsTypeInfo();
        }
    }

    @Override
    public boolean isBasicType() {
        return false;
    }

    @Override
    public boolean isTupleType() {
        return false;
    }

    @Override
    public int getArity() {
        return 1;
    }

    @Override
    public int getTotalFields() {
        return 1;
    }

    @Override
    public Class<float[]> getTypeClass() {
        return float[].class;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<float[]> createSerializer(SerializerConfig config) {
        return PixelsSerializer.INSTANCE;
    }

    @Override
    public String toString() {
        return "PixelsTypeInfo(float[], left out when serialized)";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PixelsTypeInfo;
    }

    @Override
    public int hashCode() {
        return PixelsTypeInfo.class.hashCode();
    }

    @Override
    public boolean canEqual(Object o) {
        return o instanceof PixelsTypeInfo;
    }
}
