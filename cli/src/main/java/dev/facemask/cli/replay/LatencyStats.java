package dev.facemask.cli.replay;

import java.util.Arrays;

/**
 * End-to-end latency (capture to detection) percentiles, in milliseconds, by the nearest-rank method.
 *
 * @param count frames measured
 * @param p50 median
 * @param p95 95th percentile
 * @param p99 99th percentile
 * @param max slowest
 * @param mean mean
 */
public record LatencyStats(int count, double p50, double p95, double p99, double max, double mean) {

    public static LatencyStats of(double[] millis) {
        if (millis.length == 0) {
            return new LatencyStats(0, 0, 0, 0, 0, 0);
        }
        double[] s = millis.clone();
        Arrays.sort(s);
        return new LatencyStats(s.length, rank(s, 0.50), rank(s, 0.95), rank(s, 0.99), s[s.length - 1],
                Arrays.stream(s).average().orElse(0));
    }

    private static double rank(double[] sorted, double q) {
        int index = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
