package dev.facemask.trainer.fit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The learning rate per step: constant by default (the seed's protocol), a half cosine to 0 when asked. */
class LearningRateScheduleTest {

    @Test
    void shouldKeepTheRateConstantByDefault() {
        TrainingOptions o = TrainingOptions.builder().learningRate(0.001).build();

        assertThat(o.learningRateAt(0, 100)).isEqualTo(0.001);
        assertThat(o.learningRateAt(99, 100)).isEqualTo(0.001);
    }

    @Test
    void shouldFollowAHalfCosineFromPeakToZero() {
        TrainingOptions o = TrainingOptions.builder().learningRate(0.004).cosineDecay(true).build();

        assertThat(o.learningRateAt(0, 100)).isEqualTo(0.004);
        assertThat(o.learningRateAt(50, 100)).isCloseTo(0.002, within(1e-12));
        assertThat(o.learningRateAt(100, 100)).isCloseTo(0.0, within(1e-12));
        assertThat(o.learningRateAt(150, 100)).isCloseTo(0.0, within(1e-12));
    }

    @Test
    void shouldDecayOverWhicheverRunsOutFirstTheStepsOrTheTime() {
        TrainingOptions o = TrainingOptions.builder().learningRate(0.004).cosineDecay(true)
                .timeLimit(java.time.Duration.ofMinutes(60)).build();

        assertThat(o.learningRateAt(0, 100, 0.5)).isCloseTo(0.002, within(1e-12));
        assertThat(o.learningRateAt(50, 100, 0.1)).isCloseTo(0.002, within(1e-12));
        assertThat(o.learningRateAt(10, 100, 1.0)).isCloseTo(0.0, within(1e-12));
        assertThat(TrainingOptions.builder().learningRate(0.001).build().learningRateAt(10, 100, 0.9)).isEqualTo(0.001);
    }

    @Test
    void shouldRefuseATimeLimitThatIsNotPositive() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> TrainingOptions.builder().timeLimit(java.time.Duration.ZERO).build())
                .hasMessage("timeLimit must be positive, was PT0S");
    }
}
