package dev.facemask.job.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MicroBatcherTest {

    private final List<Integer> batchSizes = new CopyOnWriteArrayList<>();

    @Test
    void shouldFillBatchesUpToTheSizeLimit() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (MicroBatcher<Integer, String> batcher = new MicroBatcher<>(4, Duration.ofSeconds(5), 16, batch -> {
            release.await(5, TimeUnit.SECONDS);
            return batch.stream().map(i -> "r" + i).toList();
        }, (size, nanos) -> batchSizes.add(size), "test-batcher")) {
            List<CompletableFuture<String>> futures = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                futures.add(batcher.submit(i));
            }
            release.countDown();
            for (int i = 0; i < 8; i++) {
                assertThat(futures.get(i).get(5, TimeUnit.SECONDS)).isEqualTo("r" + i);
            }
        }
        assertThat(batchSizes).containsExactly(4, 4);
    }

    @Test
    void shouldRunAsManyFullBatchesAtOnceAsItHasWorkers() throws Exception {
        // Each batch waits until two batches are inside the model together: one worker could never pass.
        CyclicBarrier bothRunning = new CyclicBarrier(2);
        List<String> threads = new CopyOnWriteArrayList<>();
        try (MicroBatcher<Integer, String> batcher = new MicroBatcher<>(4, Duration.ofSeconds(5), 16, 2, batch -> {
            threads.add(Thread.currentThread().getName());
            bothRunning.await(5, TimeUnit.SECONDS);
            return batch.stream().map(i -> "r" + i).toList();
        }, (size, nanos) -> batchSizes.add(size), "test-batcher")) {
            List<CompletableFuture<String>> futures = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                futures.add(batcher.submit(i));
            }
            for (int i = 0; i < 8; i++) {
                assertThat(futures.get(i).get(10, TimeUnit.SECONDS)).isEqualTo("r" + i);
            }
        }
        assertThat(batchSizes).containsExactly(4, 4);
        assertThat(threads).containsExactlyInAnyOrder("test-batcher-1", "test-batcher-2");
    }

    @Test
    void shouldRefuseFewerThanOneWorker() {
        assertThatThrownBy(() -> new MicroBatcher<Integer, Integer>(4, Duration.ZERO, 16, 0, batch -> batch,
                (size, nanos) -> { }, "test-batcher"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("workers must be at least 1, was 0");
    }

    @Test
    void shouldRunAPartialBatchWhenTheWaitEnds() throws Exception {
        try (MicroBatcher<Integer, Integer> batcher = new MicroBatcher<>(8, Duration.ofMillis(30), 16,
                batch -> batch.stream().map(i -> i * 10).toList(), (size, nanos) -> batchSizes.add(size), "test-batcher")) {
            long start = System.nanoTime();
            CompletableFuture<Integer> a = batcher.submit(1);
            CompletableFuture<Integer> b = batcher.submit(2);
            assertThat(a.get(5, TimeUnit.SECONDS)).isEqualTo(10);
            assertThat(b.get(5, TimeUnit.SECONDS)).isEqualTo(20);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(30))
                    .isLessThan(Duration.ofSeconds(2));
        }
        assertThat(batchSizes).containsExactly(2);
    }

    @Test
    void shouldFailEveryRequestOfAFailedBatch() throws Exception {
        try (MicroBatcher<Integer, Integer> batcher = new MicroBatcher<>(2, Duration.ofSeconds(5), 16, batch -> {
            throw new IllegalStateException("model exploded");
        }, (size, nanos) -> batchSizes.add(size), "test-batcher")) {
            CompletableFuture<Integer> a = batcher.submit(1);
            CompletableFuture<Integer> b = batcher.submit(2);
            for (CompletableFuture<Integer> f : List.of(a, b)) {
                try {
                    f.get(5, TimeUnit.SECONDS);
                    throw new AssertionError("expected a failure");
                } catch (ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(IllegalStateException.class).hasMessage("model exploded");
                }
            }
        }
        assertThat(batchSizes).isEmpty();
    }

    @Test
    void shouldSkipRequestsAlreadyCompletedAndFailThoseLeftOnClose() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<List<Integer>> seen = new CopyOnWriteArrayList<>();
        MicroBatcher<Integer, Integer> batcher = new MicroBatcher<>(1, Duration.ZERO, 16, batch -> {
            seen.add(List.copyOf(batch));
            started.countDown();
            release.await(5, TimeUnit.SECONDS);
            return batch;
        }, (size, nanos) -> batchSizes.add(size), "test-batcher");
        CompletableFuture<Integer> first = batcher.submit(1);
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Integer> timedOut = batcher.submit(2);
        CompletableFuture<Integer> waiting = batcher.submit(3);
        timedOut.cancel(false); // what the async operator's timeout does
        assertThat(batcher.queueDepth()).as("the cancelled request leaves the queue at once").isEqualTo(1);
        release.countDown();
        assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(waiting.get(5, TimeUnit.SECONDS)).isEqualTo(3);
        batcher.close();
        assertThat(seen).containsExactly(List.of(1), List.of(3));
        assertThat(batcher.submit(4)).isCompletedExceptionally();
    }

    @Test
    void shouldRefuseRequestsBeyondItsCapacityWhileTheModelIsBusy() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (MicroBatcher<Integer, Integer> batcher = new MicroBatcher<>(1, Duration.ZERO, 2, batch -> {
            started.countDown();
            release.await(5, TimeUnit.SECONDS);
            return batch;
        }, (size, nanos) -> batchSizes.add(size), "test-batcher")) {
            CompletableFuture<Integer> running = batcher.submit(0);
            assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<Integer> a = batcher.submit(1);
            CompletableFuture<Integer> b = batcher.submit(2);
            CompletableFuture<Integer> refused = batcher.submit(3);

            assertThat(batcher.queueDepth()).isEqualTo(2);
            assertThat(refused).isCompletedExceptionally();
            a.cancel(false);
            CompletableFuture<Integer> c = batcher.submit(4);
            assertThat(c).as("a cancelled request frees its place").isNotDone();
            release.countDown();
            assertThat(running.get(5, TimeUnit.SECONDS)).isZero();
            assertThat(b.get(5, TimeUnit.SECONDS)).isEqualTo(2);
            assertThat(c.get(5, TimeUnit.SECONDS)).isEqualTo(4);
        }
        assertThat(batchSizes).containsExactly(1, 1, 1);
    }
}
