package dev.facemask.vision.preprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.facemask.vision.geometry.Box;
import org.junit.jupiter.api.Test;

class LetterboxTest {

    private static void assertClose(Box actual, Box expected) {
        assertThat(actual.xMin()).isCloseTo(expected.xMin(), within(1e-9));
        assertThat(actual.yMin()).isCloseTo(expected.yMin(), within(1e-9));
        assertThat(actual.xMax()).isCloseTo(expected.xMax(), within(1e-9));
        assertThat(actual.yMax()).isCloseTo(expected.yMax(), within(1e-9));
    }

    @Test
    void shouldScaleOnlyTheShortAxisOfAWideImageAndRoundTrip() {
        Letterbox lb = new Letterbox(400, 200, 100);
        Box original = new Box(0.1, 0.2, 0.5, 0.8);

        Box model = lb.toModel(original);

        assertThat(lb.scaledWidth()).isEqualTo(100);
        assertThat(lb.scaledHeight()).isEqualTo(50);
        assertClose(model, new Box(0.1, 0.1, 0.5, 0.4));
        assertClose(lb.toOriginal(model), original);
    }

    @Test
    void shouldScaleOnlyTheShortAxisOfATallImageAndRoundTrip() {
        Letterbox lb = new Letterbox(150, 600, 244);
        Box original = new Box(0.3, 0.05, 0.9, 0.4);

        Box model = lb.toModel(original);

        assertThat(lb.scaledWidth()).isEqualTo(61);
        assertThat(lb.scaledHeight()).isEqualTo(244);
        assertClose(model, new Box(0.3 * 61 / 244, 0.05, 0.9 * 61 / 244, 0.4));
        assertClose(lb.toOriginal(model), original);
    }

    @Test
    void shouldClipABoxPredictedInThePaddingBackToTheImage() {
        Letterbox lb = new Letterbox(400, 200, 100);

        Box back = lb.toOriginal(new Box(0.2, 0.3, 0.6, 0.9)); // padding starts at y = 0.5

        assertClose(back, new Box(0.2, 0.6, 0.6, 1.0));
    }
}
