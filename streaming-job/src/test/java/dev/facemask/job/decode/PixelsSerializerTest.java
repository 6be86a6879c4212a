package dev.facemask.job.decode;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.base.array.FloatPrimitiveArraySerializer;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class PixelsSerializerTest {

    private static final TypeSerializer<PreparedFrame> FRAMES =
            TypeInformation.of(PreparedFrame.class).createSerializer(new ExecutionConfig().getSerializerConfig());

    private static PreparedFrame frame() {
        PreparedFrame f = new PreparedFrame();
        f.cameraId = "cam-1";
        f.sequence = 42;
        f.captureTime = 1_000;
        f.sourceName = "door";
        f.image = new byte[] {1, 2, 3, 4, 5};
        f.originalWidth = 640;
        f.originalHeight = 480;
        f.inputSize = 100;
        f.channels = 3;
        f.pixels = new float[100 * 100 * 3];
        f.pixels[7] = 0.5f;
        return f;
    }

    @Test
    void preparedFrameIsAFlinkPojoWhosePixelsUseThisType() {
        TypeInformation<PreparedFrame> type = TypeInformation.of(PreparedFrame.class);
        assertThat(type).isInstanceOf(PojoTypeInfo.class);
        PojoTypeInfo<PreparedFrame> pojo = (PojoTypeInfo<PreparedFrame>) type;
        assertThat(pojo.getTypeAt(pojo.getFieldIndex("pixels"))).isInstanceOf(PixelsTypeInfo.class);
        assertThat(pojo.getTypeAt(pojo.getFieldIndex("image")).toString()).isEqualTo("byte[]");
    }

    @Test
    void copiesKeepThePixelsInTheirOwnArray() {
        PreparedFrame f = frame();
        PreparedFrame copy = FRAMES.copy(f);

        assertThat(copy.pixels).isNotSameAs(f.pixels).containsExactly(f.pixels);
        assertThat(copy.image).containsExactly(1, 2, 3, 4, 5);
    }

    @Test
    void serializedFramesLeaveThePixelsOutAndKeepEverythingElse() throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(64);
        FRAMES.serialize(frame(), out);
        PreparedFrame back = FRAMES.deserialize(new DataInputDeserializer(out.getSharedBuffer(), 0, out.length()));

        assertThat(back.pixels).isNull();
        assertThat(back).usingRecursiveComparison().ignoringFields("pixels").isEqualTo(frame());
        // 120,000 bytes of pixels would be there otherwise.
        assertThat(out.length()).isLessThan(100);
    }

    @Test
    void readsStateOfTheEarlierPlainFloatArraysAfterMigration() {
        PixelsSerializer.Snapshot current = new PixelsSerializer.Snapshot();

        assertThat(current.resolveSchemaCompatibility(
                new FloatPrimitiveArraySerializer.FloatPrimitiveArraySerializerSnapshot()).isCompatibleAfterMigration()).isTrue();
        assertThat(current.resolveSchemaCompatibility(new PixelsSerializer.Snapshot()).isCompatibleAsIs()).isTrue();
    }
}
