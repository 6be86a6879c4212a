package dev.facemask.trainer.fit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TimeBudgetTest {

    private static final long SECOND = 1_000_000_000L;
    private final AtomicLong now = new AtomicLong(5 * SECOND);

    @Test
    void shouldLetAnotherEpochRunOnlyIfTheLongestSoFarStillEndsWithinTheLimit() {
        TimeBudget budget = TimeBudget.start(Duration.ofSeconds(60), now::get);
        assertThat(budget.used()).isZero();
        assertThat(budget.anotherEpochFits()).isTrue();

        now.addAndGet(20 * SECOND);
        budget.epochTook(20 * SECOND);
        now.addAndGet(5 * SECOND);
        budget.epochTook(5 * SECOND); // shorter: the 20 s epoch still stands for the next one

        assertThat(budget.used()).isEqualTo(25.0 / 60);
        assertThat(budget.anotherEpochFits()).isTrue(); // 25 + 20 <= 60
        now.addAndGet(15 * SECOND);
        assertThat(budget.anotherEpochFits()).isTrue(); // 40 + 20 = 60
        now.addAndGet(1);
        assertThat(budget.anotherEpochFits()).isFalse();
        assertThat(budget.stopLine(3, 120)).isEqualTo("Time limit: 0.7 min of 1.0 min used after 3 of 120 epochs, and"
                + " the next epoch would end past it; stopping here");
        now.addAndGet(60 * SECOND);
        assertThat(budget.used()).isEqualTo(1.0);
    }

    @Test
    void shouldNeverStopWithoutALimit() {
        TimeBudget budget = TimeBudget.start(null, now::get);
        budget.epochTook(3_600 * SECOND);
        now.addAndGet(100_000 * SECOND);

        assertThat(budget.used()).isZero();
        assertThat(budget.anotherEpochFits()).isTrue();
    }
}
