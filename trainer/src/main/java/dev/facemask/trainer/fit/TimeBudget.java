package dev.facemask.trainer.fit;

import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * The wall-clock limit of a training run ({@code train --time-limit}): how much of it is gone, and
 * whether one more epoch still ends within it. Epochs are timed whole, validation included, and the
 * longest so far stands for the next one, so a run stops early rather than late; the first epoch
 * always runs, since a run that exports nothing helps no one.
 *
 * <pre>{@code
 * TimeBudget budget = TimeBudget.start(Duration.ofMinutes(60), System::nanoTime);
 * while (budget.anotherEpochFits()) { long t = System.nanoTime(); runEpoch(); budget.epochTook(System.nanoTime() - t); }
 * }</pre>
 */
final class TimeBudget {

    private final Duration limit;
    private final LongSupplier nanos;
    private final long start;
    private long longestEpoch;

    private TimeBudget(Duration limit, LongSupplier nanos) {
        this.limit = limit;
        this.nanos = nanos;
        this.start = nanos.getAsLong();
    }

    /**
     * @param limit the budget, or null for none
     * @param nanos a monotonic clock in nanoseconds, {@code System::nanoTime} outside tests
     */
    static TimeBudget start(Duration limit, LongSupplier nanos) {
        return new TimeBudget(limit, nanos);
    }

    /** Share of the limit used so far, 0..1; always 0 without a limit. */
    double used() {
        return limit == null ? 0 : Math.min(1, (double) elapsed() / limit.toNanos());
    }

    /** Records an epoch's length, validation included. */
    void epochTook(long epochNanos) {
        longestEpoch = Math.max(longestEpoch, epochNanos);
    }

    /** Whether an epoch as long as the longest so far would still end within the limit. */
    boolean anotherEpochFits() {
        return limit == null || elapsed() + longestEpoch <= limit.toNanos();
    }

    /** The line a run prints when it stops here. */
    String stopLine(int epochsDone, int epochsPlanned) {
        return String.format(Locale.ROOT, "Time limit: %s of %s used after %d of %d epochs, and the next epoch would"
                + " end past it; stopping here", minutes(elapsed()), minutes(limit.toNanos()), epochsDone, epochsPlanned);
    }

    private long elapsed() {
        return nanos.getAsLong() - start;
    }

    private static String minutes(long nanos) {
        return String.format(Locale.ROOT, "%.1f min", nanos / 60e9);
    }
}
