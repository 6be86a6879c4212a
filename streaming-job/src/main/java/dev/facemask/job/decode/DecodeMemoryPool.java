package dev.facemask.job.decode;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bytes of decode memory, shared by every frame decoding at once in one JVM: a frame takes a
 * {@link Lease} of its {@link DecodeCost} before decoding and closes it when preprocessing is done, so the
 * task slots of a TaskManager together never decode more than the capacity.
 *
 * <p>A fair semaphore of KiB (an {@code int} of KiB covers 2 TiB): waiting frames get their bytes in
 * arrival order, so a large frame is not starved by a stream of small ones.
 *
 * <pre>{@code
 * DecodeMemoryPool pool = DecodeMemoryPool.shared(384L << 20);
 * Optional<DecodeMemoryPool.Lease> lease = pool.tryAcquire(cost.totalBytes(), Duration.ofSeconds(10));
 * }</pre>
 */
public final class DecodeMemoryPool {

    /** One pool per capacity: the slots of a job share it; two jobs with different budgets do not. */
    private static final ConcurrentMap<Long, DecodeMemoryPool> SHARED = new ConcurrentHashMap<>();

    private final long capacityBytes;
    private final int capacityKib;
    private final Semaphore kib;
    private final AtomicLong inUseBytes = new AtomicLong();
    private final AtomicLong peakBytes = new AtomicLong();

    public DecodeMemoryPool(long capacityBytes) {
        if (capacityBytes < 1024 || capacityBytes / 1024 > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("capacity must be 1 KiB to 2 TiB, was " + capacityBytes + " bytes");
        }
        this.capacityBytes = capacityBytes;
        this.capacityKib = (int) (capacityBytes / 1024);
        this.kib = new Semaphore(capacityKib, true);
    }

    /** The pool of this JVM (of this job's classes, on a TaskManager) for {@code capacityBytes}. */
    public static DecodeMemoryPool shared(long capacityBytes) {
        return SHARED.computeIfAbsent(capacityBytes, DecodeMemoryPool::new);
    }

    /**
     * @param bytes at most the capacity
     * @return a lease of {@code bytes}, or empty when they did not become free within {@code maxWait}
     * @throws InterruptedException when the thread is interrupted while waiting (the task is cancelled)
     */
    public Optional<Lease> tryAcquire(long bytes, Duration maxWait) throws InterruptedException {
        if (bytes < 0 || bytes > capacityBytes) {
            throw new IllegalArgumentException("a lease must be 0 to " + capacityBytes + " bytes, was " + bytes);
        }
        // Rounded up to whole KiB; the capacity rounded down, so a lease of the full capacity still fits.
        int permits = (int) Math.min(capacityKib, (bytes + 1023) / 1024);
        if (!kib.tryAcquire(permits, maxWait.toNanos(), TimeUnit.NANOSECONDS)) {
            return Optional.empty();
        }
        long now = inUseBytes.addAndGet(bytes);
        peakBytes.accumulateAndGet(now, Math::max);
        return Optional.of(new Lease(bytes, permits));
    }

    public long capacityBytes() {
        return capacityBytes;
    }

    /** Bytes of the leases open now. */
    public long inUseBytes() {
        return inUseBytes.get();
    }

    /** The most bytes leased at once since this pool was made. */
    public long peakBytes() {
        return peakBytes.get();
    }

    /** Bytes held for one frame; {@link #close()} gives them back, once. */
    public final class Lease implements AutoCloseable {
        private final long bytes;
        private final int permits;
        private final AtomicBoolean open = new AtomicBoolean(true);

        private Lease(long bytes, int permits) {
            this.bytes = bytes;
            this.permits = permits;
        }

        public long bytes() {
            return bytes;
        }

        @Override
        public void close() {
            if (open.compareAndSet(true, false)) {
                inUseBytes.addAndGet(-bytes);
                kib.release(permits);
            }
        }
    }
}
