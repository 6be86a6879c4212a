package dev.facemask.job.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.facemask.schema.ErrorKind;
import dev.facemask.vision.testkit.Figures;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The JVM-wide pool of decode memory, and the dead letters the decoder makes of its two budgets. */
class DecodeMemoryPoolTest {

    private static final long MIB = 1 << 20;

    @Test
    void shouldMakeAFrameWaitUntilAnotherReleasesItsBytes() throws Exception {
        DecodeMemoryPool pool = new DecodeMemoryPool(10 * MIB);
        DecodeMemoryPool.Lease first = pool.tryAcquire(6 * MIB, Duration.ZERO).orElseThrow();
        assertThat(pool.tryAcquire(6 * MIB, Duration.ofMillis(50))).as("4 MiB left").isEmpty();
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            Future<Optional<DecodeMemoryPool.Lease>> second = other.submit(
                    () -> pool.tryAcquire(6 * MIB, Duration.ofSeconds(10)));
            Thread.sleep(100);
            assertThat(second).isNotDone();
            first.close();
            first.close(); // a second close gives nothing back
            assertThat(second.get(10, TimeUnit.SECONDS)).isPresent();
            assertThat(pool.inUseBytes()).isEqualTo(6 * MIB);
            assertThat(pool.peakBytes()).isEqualTo(6 * MIB);
            assertThat(pool.tryAcquire(5 * MIB, Duration.ZERO)).as("the double close released once").isEmpty();
        } finally {
            other.shutdownNow();
        }
    }

    @Test
    void shouldNeverLeaseMoreThanItsCapacityToManyThreads() throws Exception {
        DecodeMemoryPool pool = new DecodeMemoryPool(10 * MIB);
        AtomicLong held = new AtomicLong();
        AtomicLong mostHeld = new AtomicLong();
        ExecutorService threads = Executors.newFixedThreadPool(8);
        List<Future<Integer>> granted = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            Random random = new Random(t);
            granted.add(threads.submit(() -> {
                int leases = 0;
                for (int i = 0; i < 200; i++) {
                    long bytes = 1 + random.nextInt((int) (4 * MIB));
                    try (DecodeMemoryPool.Lease lease = pool.tryAcquire(bytes, Duration.ofSeconds(10)).orElseThrow()) {
                        mostHeld.accumulateAndGet(held.addAndGet(lease.bytes()), Math::max);
                        held.addAndGet(-lease.bytes());
                        leases++;
                    }
                }
                return leases;
            }));
        }
        int total = 0;
        for (Future<Integer> f : granted) {
            total += f.get(60, TimeUnit.SECONDS);
        }
        threads.shutdown();
        Figures.report("8 threads x 200 leases of up to 4 MiB on 10 MiB: most held at once %.2f MiB",
                mostHeld.get() / (double) MIB);
        assertThat(total).isEqualTo(1600);
        assertThat(mostHeld.get()).isLessThanOrEqualTo(10 * MIB);
        assertThat(pool.peakBytes()).isLessThanOrEqualTo(10 * MIB);
        assertThat(pool.inUseBytes()).isZero();
    }

    @Test
    void shouldShareOnePoolPerCapacityInAJvm() {
        assertThat(DecodeMemoryPool.shared(3 * MIB)).isSameAs(DecodeMemoryPool.shared(3 * MIB))
                .isNotSameAs(DecodeMemoryPool.shared(4 * MIB));
    }

    @Test
    void shouldDeadLetterAFrameOverThePerFrameBudgetAsTooLarge() throws Exception {
        DecodeBudget budget = new DecodeBudget(4 * MIB, 8 * MIB, Duration.ofSeconds(1));
        SafeImageDecoder decoder = new SafeImageDecoder(ImageLimits.DEFAULT, budget, new DecodeMemoryPool(8 * MIB));
        byte[] png = DecodeCostTest.encode(DecodeCostTest.rgba16(1000, 1000), "png");
        assertThatThrownBy(() -> decoder.decode(png)).isInstanceOfSatisfying(ImageRejectedException.class,
                e -> assertThat(e.kind()).isEqualTo(ErrorKind.TOO_LARGE))
                .hasMessage("PNG of 1000x1000 pixels needs 11.4 MiB (raster 7.6 MiB at 64 bits a pixel and the"
                        + " largest of its copies: ARGB copy to scale it 3.8 MiB) to decode, more than the per-frame decode budget of 4.0 MiB"
                        + " (--max-frame-decode-bytes)");
    }

    @Test
    void shouldDeadLetterAFrameThatWaitedTooLongForDecodeMemoryAsTimeout() throws Exception {
        DecodeMemoryPool pool = new DecodeMemoryPool(16 * MIB);
        DecodeBudget budget = new DecodeBudget(16 * MIB, 16 * MIB, Duration.ofMillis(200));
        SafeImageDecoder decoder = new SafeImageDecoder(ImageLimits.DEFAULT, budget, pool);
        byte[] png = DecodeCostTest.encode(DecodeCostTest.rgba16(1000, 1000), "png");
        try (DecodedImage held = decoder.decode(png)) {
            assertThat(pool.inUseBytes()).isEqualTo(12_000_000);
            assertThatThrownBy(() -> decoder.decode(png)).isInstanceOfSatisfying(ImageRejectedException.class,
                    e -> assertThat(e.kind()).isEqualTo(ErrorKind.TIMEOUT))
                    .hasMessage("PNG of 1000x1000 pixels needs 11.4 MiB to decode; waited 200 ms while other frames"
                            + " held 11.4 MiB of this JVM's decode budget of 16.0 MiB (--max-jvm-decode-bytes)");
        }
        assertThat(pool.inUseBytes()).as("closing the image gives its bytes back").isZero();
        decoder.decode(png).close();
        assertThat(pool.peakBytes()).isEqualTo(12_000_000);
    }

    @Test
    void shouldGiveTheBytesBackWhenTheImageTurnsOutCorrupt() throws Exception {
        DecodeMemoryPool pool = new DecodeMemoryPool(16 * MIB);
        SafeImageDecoder decoder = new SafeImageDecoder(ImageLimits.DEFAULT,
                new DecodeBudget(16 * MIB, 16 * MIB, Duration.ZERO), pool);
        byte[] png = DecodeCostTest.encode(DecodeCostTest.rgba16(1000, 1000), "png");
        byte[] truncated = java.util.Arrays.copyOf(png, png.length / 2);
        assertThatThrownBy(() -> decoder.decode(truncated)).isInstanceOfSatisfying(ImageRejectedException.class,
                e -> assertThat(e.kind()).isEqualTo(ErrorKind.CORRUPT_IMAGE));
        assertThat(pool.peakBytes()).isEqualTo(12_000_000);
        assertThat(pool.inUseBytes()).isZero();
    }
}
