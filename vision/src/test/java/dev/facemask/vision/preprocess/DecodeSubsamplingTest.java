package dev.facemask.vision.preprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The step is the largest that keeps the longer side at least the model's input side. */
class DecodeSubsamplingTest {

    @Test
    void shouldStepOverCameraFramePixelsTheModelNeverSees() {
        assertThat(DecodeSubsampling.step(1280, 720, 244)).isEqualTo(5);  // 256x144 decoded
        assertThat(DecodeSubsampling.step(1280, 720, 320)).isEqualTo(4);  // 320x180
        assertThat(DecodeSubsampling.step(1280, 720, 96)).isEqualTo(13);  // 99x56
        assertThat(DecodeSubsampling.step(720, 1280, 320)).isEqualTo(4);  // portrait: the longer side counts
        assertThat(DecodeSubsampling.step(1920, 1080, 320)).isEqualTo(6);
    }

    @Test
    void shouldDecodeAnImageSmallerThanTwiceTheInputInFull() {
        assertThat(DecodeSubsampling.step(639, 400, 320)).isEqualTo(1);
        assertThat(DecodeSubsampling.step(640, 400, 320)).isEqualTo(2);
        assertThat(DecodeSubsampling.step(100, 50, 320)).isEqualTo(1);
        assertThat(DecodeSubsampling.step(1280, 720, Integer.MAX_VALUE)).isEqualTo(1);
    }

    @Test
    void shouldNeverLeaveTheLongerSideBelowTheInputSide() {
        for (int side = 8; side <= 2000; side += 7) {
            for (int input : new int[] {96, 192, 244, 320}) {
                int step = DecodeSubsampling.step(side, side / 2 + 1, input);
                assertThat(DecodeSubsampling.decodedLength(side, step)).as("%d px for %d", side, input)
                        .isGreaterThanOrEqualTo(Math.min(side, input));
            }
        }
    }

    @Test
    void shouldCountTheFirstPixelAndEveryStepAfterIt() {
        assertThat(DecodeSubsampling.decodedLength(1280, 5)).isEqualTo(256);
        assertThat(DecodeSubsampling.decodedLength(721, 5)).isEqualTo(145);
        assertThat(DecodeSubsampling.decodedLength(7, 1)).isEqualTo(7);
    }

    @Test
    void shouldRefuseANonPositiveInputSide() {
        assertThatThrownBy(() -> DecodeSubsampling.step(10, 10, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Input size must be positive, was 0");
    }
}
