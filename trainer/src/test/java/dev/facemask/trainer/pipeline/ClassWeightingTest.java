package dev.facemask.trainer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ClassWeightingTest {

    /** The 336-photo sample's training faces: 809 masked, 208 unmasked, 50 worn incorrectly. */
    private static final int[] SAMPLE = {809, 208, 50};

    @Test
    void shouldWeighRareClassesByTheSquareRootOfTheirRarityCappedAtFour() {
        assertThat(ClassWeighting.parse("balanced").weights(SAMPLE))
                .containsExactly(1f, (float) Math.sqrt(809.0 / 208), 4f);
        assertThat(ClassWeighting.parse("none").weights(SAMPLE)).containsExactly(1f, 1f, 1f);
        assertThat(ClassWeighting.parse(" 1, 2.5,4 ").weights(SAMPLE)).containsExactly(1f, 2.5f, 4f);
    }

    @Test
    void shouldSayWhatItAcceptsForAnythingElse() {
        assertThatThrownBy(() -> ClassWeighting.parse("1,-2")).hasMessage(
                "Class weights '1,-2': use none, balanced, or one positive number per class such as 1,2,4");
        assertThatThrownBy(() -> ClassWeighting.parse("1,2").weights(SAMPLE))
                .hasMessage("Got 2 class weights for 3 classes: give one per class");
    }
}
