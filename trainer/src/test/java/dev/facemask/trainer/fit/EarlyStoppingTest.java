package dev.facemask.trainer.fit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class EarlyStoppingTest {

    @Test
    void shouldStopAfterPatienceEpochsWithoutImprovement() {
        EarlyStopping s = new EarlyStopping(OptionalInt.of(2), Double.POSITIVE_INFINITY);
        assertThat(s.record(0.5)).isTrue();
        assertThat(s.record(0.6)).isFalse();
        assertThat(s.shouldStop()).isFalse();
        assertThat(s.record(0.5)).as("equal is not better").isFalse();
        assertThat(s.shouldStop()).isTrue();
        assertThat(s.epochsSinceBest()).isEqualTo(2);
    }

    @Test
    void shouldResetPatienceOnImprovementAndNeverStopWithoutPatience() {
        EarlyStopping s = new EarlyStopping(OptionalInt.of(2), 1.0);
        s.record(1.1);
        assertThat(s.record(0.9)).isTrue();
        assertThat(s.epochsSinceBest()).isZero();
        assertThat(s.record(Double.NaN)).isFalse();

        EarlyStopping none = new EarlyStopping(OptionalInt.empty(), 0.1);
        for (int i = 0; i < 50; i++) {
            none.record(1.0);
        }
        assertThat(none.shouldStop()).isFalse();
    }
}
