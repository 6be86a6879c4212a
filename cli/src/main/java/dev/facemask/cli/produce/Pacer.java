package dev.facemask.cli.produce;

/** Holds a steady rate: the n-th call returns no earlier than start + n / fps, so lateness does not accumulate. */
public final class Pacer {
    private final long periodNanos;
    private long next = System.nanoTime();

    public Pacer(double fps) {
        this.periodNanos = fps <= 0 ? 0 : (long) (1e9 / fps);
    }

    public void awaitNext() throws InterruptedException {
        if (periodNanos == 0) {
            return;
        }
        long wait = next - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
        next += periodNanos;
    }
}
