package dev.facemask.cli.view;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Faces seen per second of capture time, by class, over the last {@link #SECONDS} seconds: the
 * chart's data. Classes 0, 1, 2 are masked, unmasked and mask worn incorrectly, as in the Avro
 * {@code Detection} counts.
 */
final class CountSeries {

    static final int SECONDS = 120;

    /** One second of faces: {@code second} is epoch seconds of capture time. */
    record Bucket(long second, long masked, long unmasked, long incorrectlyMasked) {
        Bucket plus(long m, long u, long i) {
            return new Bucket(second, masked + m, unmasked + u, incorrectlyMasked + i);
        }
    }

    private final TreeMap<Long, Bucket> buckets = new TreeMap<>();

    void add(long captureMillis, int masked, int unmasked, int incorrectlyMasked) {
        long second = Math.floorDiv(captureMillis, 1000);
        buckets.merge(second, new Bucket(second, masked, unmasked, incorrectlyMasked),
                (a, b) -> a.plus(b.masked(), b.unmasked(), b.incorrectlyMasked()));
        while (buckets.lastKey() - buckets.firstKey() >= SECONDS) {
            buckets.pollFirstEntry();
        }
    }

    List<Bucket> buckets() {
        return new ArrayList<>(buckets.values());
    }
}
