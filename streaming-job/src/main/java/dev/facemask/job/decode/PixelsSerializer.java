package dev.facemask.job.decode;

import java.io.IOException;
import java.util.Arrays;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.api.common.typeutils.base.array.FloatPrimitiveArraySerializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Flink's serializer for {@link PreparedFrame#pixels}: copies keep the pixels, serialized forms leave
 * them out (one marker byte), so a frame read back has {@code pixels == null} and is prepared again
 * from its image bytes ({@link PixelRestorer}).
 *
 * <p>Why: the async inference operator snapshots every frame in flight at each checkpoint. At 244 px
 * the float pixels are 0.7 MB per frame against about 0.1 MB of JPEG; with 32 frames in flight and a
 * checkpoint a second, writing them took 13% of a core on the 2-core machine, taken from the model.
 * Copies between chained operators still carry the pixels, so the decode stage's work is not redone.
 */
public final class PixelsSerializer extends TypeSerializerSingleton<float[]> {

    private static final long serialVersionUID = 1L;

    /** The only instance Flink needs: the serializer holds no state. */
    public static final PixelsSerializer INSTANCE = new PixelsSerializer();

    private static final byte LEFT_OUT = 0;

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public float[] createInstance() {
        return null;
    }

    @Override
    public float[] copy(float[] from) {
        return from == null ? null : Arrays.copyOf(from, from.length);
    }

    @Override
    public float[] copy(float[] from, float[] reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return 1;
    }

    @Override
    public void serialize(float[] record, DataOutputView target) throws IOException {
        target.writeByte(LEFT_OUT);
    }

    @Override
    public float[] deserialize(DataInputView source) throws IOException {
        byte marker = source.readByte();
        if (marker != LEFT_OUT) {
            throw new IOException("Unexpected pixels marker " + marker + ": the state was not written by " + getClass().getName());
        }
        return null;
    }

    @Override
    public float[] deserialize(float[] reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        target.writeByte(source.readByte());
    }

    @Override
    public TypeSerializerSnapshot<float[]> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Its snapshot; also reads state written before pixels were left out, when they were plain float arrays. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<float[]> {

        public Snapshot() {
            super(() -> INSTANCE);
        }

        @Override
        public TypeSerializerSchemaCompatibility<float[]> resolveSchemaCompatibility(TypeSerializerSnapshot<float[]> old) {
            if (old instanceof FloatPrimitiveArraySerializer.FloatPrimitiveArraySerializerSnapshot) {
                // A savepoint of an earlier version: read its pixels with the old serializer, write them out no more.
                return TypeSerializerSchemaCompatibility.compatibleAfterMigration();
            }
            return super.resolveSchemaCompatibility(old);
        }
    }
}
