package dev.facemask.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.facemask.vision.geometry.Box;
import dev.facemask.vision.model.ModelMetadata;
import dev.facemask.vision.preprocess.Letterbox;
import java.util.List;
import org.junit.jupiter.api.Test;

class PredictionMapperTest {

    private static final ModelMetadata METADATA = new ModelMetadata("m", "1", "tiny", List.of("masked", "unmasked"),
            100, 3, "", "", 0, null, "", "", "");

    @Test
    void shouldUndoTheLetterboxOfALandscapeFrame() {
        // 200x100 frame into 100x100: scaled to 100x50, padding below. Model box y spans 0.1..0.3 of
        // the padded input, which is 0.2..0.6 of the original height.
        Prediction p = new Prediction(new float[] {0.2f, 0.8f}, new float[] {0.25f, 0.1f, 0.5f, 0.2f}, null, 0);

        MappedDetection d = new PredictionMapper(METADATA).map(p, new Letterbox(200, 100, 100));

        assertThat(d.classId()).isEqualTo(1);
        assertThat(d.label()).isEqualTo("unmasked");
        assertThat(d.score()).isEqualTo(0.8f);
        assertBox(d.box(), new Box(0.25, 0.2, 0.75, 0.6));
        assertBox(d.pixelBox(), new Box(50, 20, 150, 60));
    }

    @Test
    void shouldClipABoxThatReachesIntoThePadding() {
        // 50x100 portrait: scaled to 50x100, padding right. x 0.4..0.7 of the input is 0.8..1.4 of the original.
        Prediction p = new Prediction(new float[] {0.9f, 0.1f}, new float[] {0.4f, 0.0f, 0.3f, 0.5f}, null, 0);

        MappedDetection d = new PredictionMapper(METADATA).map(p, new Letterbox(50, 100, 100));

        assertThat(d.label()).isEqualTo("masked");
        assertBox(d.box(), new Box(0.8, 0.0, 1.0, 0.5));
        assertBox(d.pixelBox(), new Box(40, 0, 50, 50));
    }

    private static void assertBox(Box actual, Box expected) {
        assertThat(actual.xMin()).isCloseTo(expected.xMin(), within(1e-6));
        assertThat(actual.yMin()).isCloseTo(expected.yMin(), within(1e-6));
        assertThat(actual.xMax()).isCloseTo(expected.xMax(), within(1e-6));
        assertThat(actual.yMax()).isCloseTo(expected.yMax(), within(1e-6));
    }
}
