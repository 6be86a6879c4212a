package dev.facemask.cli.view;

import static dev.facemask.cli.view.ViewRecords.deadLetter;
import static dev.facemask.cli.view.ViewRecords.detection;
import static dev.facemask.cli.view.ViewRecords.face;
import static dev.facemask.cli.view.ViewRecords.frame;
import static org.assertj.core.api.Assertions.assertThat;

import dev.facemask.schema.ErrorKind;
import dev.facemask.schema.Face;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LiveStateTest {

    private static final List<Face> FACES = List.of(face(0, 0.9f, 0.1f, 0.1f, 0.2f, null), face(2, 0.6f, 0.5f, 0.5f, 0.2f, null));

    @Test
    void shouldCoalesceABurstOfDetectionsIntoOneUpdateOfTheNewest() {
        LiveState state = new LiveState();
        for (long seq = 1; seq <= 100; seq++) {
            state.onFrame(frame("cam", seq, 1_000 + seq * 33, FACES));
            state.onDetection(detection("cam", seq, 1_000 + seq * 33, FACES));
        }

        assertThat(state.takeChanged()).containsExactly("cam");
        assertThat(state.takeChanged()).isEmpty();
        String json = state.withCamera("cam", c -> ViewJson.camera("cam", c)).flatMap(j -> j).orElseThrow();
        assertThat(json).contains("\"sequence\":100", "\"detections\":100", "\"frame\":\"/frame?camera=cam&sequence=100\"",
                "\"label\":\"mask\"", "\"label\":\"mask-worn-incorrectly\"", "\"fps\":30.3", "\"gradCam\":null");
    }

    @Test
    void shouldDropFramesOlderThanTheNewestDetection() {
        LiveState state = new LiveState();
        for (long seq = 1; seq <= 5; seq++) {
            state.onFrame(frame("cam", seq, seq, FACES));
        }
        state.onDetection(detection("cam", 3, 3, FACES));

        assertThat(state.withCamera("cam", c -> List.of(c.frame(2).isPresent(), c.frame(3).isPresent(), c.frame(5).isPresent())))
                .contains(List.of(false, true, true));
    }

    @Test
    void shouldMarkACameraChangedWhenTheFrameOfItsNewestDetectionArrivesLate() {
        LiveState state = new LiveState();
        state.onDetection(detection("cam", 7, 7, FACES));
        state.takeChanged();

        state.onFrame(frame("cam", 6, 6, FACES));
        assertThat(state.takeChanged()).isEmpty();
        state.onFrame(frame("cam", 7, 7, FACES));
        assertThat(state.takeChanged()).containsExactly("cam");
    }

    @Test
    void shouldCountFacesPerSecondAndDeadLettersByKind() {
        LiveState state = new LiveState();
        state.onDetection(detection("a", 1, 10_100, FACES));
        state.onDetection(detection("b", 1, 10_900, FACES));
        state.onDetection(detection("a", 2, 11_000, List.of(face(1, 0.7f, 0f, 0f, 0.1f, null))));
        state.onDeadLetter(deadLetter("a", 3, ErrorKind.TIMEOUT));
        state.onDeadLetter(deadLetter("a", 4, ErrorKind.TIMEOUT));
        state.onDeadLetter(deadLetter("b", 2, ErrorKind.CORRUPT_IMAGE));

        assertThat(state.series()).containsExactly(new CountSeries.Bucket(10, 2, 0, 2), new CountSeries.Bucket(11, 0, 1, 0));
        assertThat(state.deadLetters()).isEqualTo(Map.of("TIMEOUT", 2L, "CORRUPT_IMAGE", 1L));
        assertThat(ViewJson.stats(state)).isEqualTo(
                "{\"series\":[[10,2,0,2],[11,0,1,0]],\"deadLetters\":{\"CORRUPT_IMAGE\":1,\"TIMEOUT\":2},\"unreadable\":0}");
    }
}
