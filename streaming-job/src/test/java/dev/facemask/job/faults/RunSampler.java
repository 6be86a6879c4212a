package dev.facemask.job.faults;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

/**
 * Samples this JVM's used heap and a gauge (the inference queue depth) every few milliseconds and
 * keeps the peaks. The mini-cluster, the broker and the model all run in this JVM, so its heap is
 * the job's heap plus theirs.
 */
final class RunSampler implements AutoCloseable {

    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "run-sampler");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicLong peakHeapBytes = new AtomicLong();
    private final AtomicInteger peakGauge = new AtomicInteger();
    private final AtomicLong samples = new AtomicLong();

    /**
     * @param gauge read on every sample; a negative value means "not registered yet"
     * @param periodMillis time between samples
     */
    RunSampler(IntSupplier gauge, long periodMillis) {
        timer.scheduleAtFixedRate(() -> {
            peakHeapBytes.accumulateAndGet(MEMORY.getHeapMemoryUsage().getUsed(), Math::max);
            peakGauge.accumulateAndGet(gauge.getAsInt(), Math::max);
            samples.incrementAndGet();
        }, 0, periodMillis, TimeUnit.MILLISECONDS);
    }

    static long heapUsedBytes() {
        return MEMORY.getHeapMemoryUsage().getUsed();
    }

    long peakHeapBytes() {
        return peakHeapBytes.get();
    }

    int peakGauge() {
        return peakGauge.get();
    }

    long samples() {
        return samples.get();
    }

    @Override
    public void close() throws InterruptedException {
        timer.shutdownNow();
        timer.awaitTermination(5, TimeUnit.SECONDS);
    }
}
