package dev.facemask.inference;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facemask.vision.preprocess.Letterbox;
import dev.facemask.vision.preprocess.PreparedImage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class InputStagingTest {

    private static PreparedImage image(float... pixels) {
        return new PreparedImage(pixels, new Letterbox(2, 2, 2), pixels.length / 4);
    }

    private static float[] floats(ByteBuffer buffer) {
        float[] out = new float[buffer.remaining() / Float.BYTES];
        buffer.duplicate().order(ByteOrder.nativeOrder()).asFloatBuffer().get(out);
        return out;
    }

    @Test
    void stacksImagesBackToBackInADirectNativeOrderBuffer() {
        ByteBuffer buffer = new InputStaging().stack(List.of(image(1, 2, 3, 4), image(5, 6, 7, 8)));

        assertThat(buffer.isDirect()).isTrue();
        assertThat(buffer.order()).isEqualTo(ByteOrder.nativeOrder());
        assertThat(buffer.position()).isZero();
        assertThat(buffer.remaining()).isEqualTo(8 * Float.BYTES);
        assertThat(floats(buffer)).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
    }

    @Test
    void reusesTheThreadsBufferForASmallerBatchAndGrowsItForALargerOne() {
        InputStaging staging = new InputStaging();
        ByteBuffer two = staging.stack(List.of(image(1, 2, 3, 4), image(5, 6, 7, 8)));
        ByteBuffer one = staging.stack(List.of(image(9, 10, 11, 12)));

        assertThat(one).isSameAs(two);
        assertThat(floats(one)).containsExactly(9, 10, 11, 12);

        ByteBuffer three = staging.stack(List.of(image(1, 1, 1, 1), image(2, 2, 2, 2), image(3, 3, 3, 3)));
        assertThat(three).isNotSameAs(two);
        assertThat(three.capacity()).isEqualTo(12 * Float.BYTES);
        assertThat(floats(three)).containsExactly(1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3);
    }

    @Test
    void givesEachThreadItsOwnBuffer() throws InterruptedException {
        InputStaging staging = new InputStaging();
        ByteBuffer mine = staging.stack(List.of(image(1, 2, 3, 4)));
        AtomicReference<ByteBuffer> theirs = new AtomicReference<>();
        Thread other = new Thread(() -> theirs.set(staging.stack(List.of(image(5, 6, 7, 8)))));
        other.start();
        other.join();

        assertThat(theirs.get()).isNotSameAs(mine);
        assertThat(floats(mine)).containsExactly(1, 2, 3, 4);
        assertThat(floats(theirs.get())).containsExactly(5, 6, 7, 8);
    }
}
