package io.infergate.upstream;

import java.util.function.LongSupplier;

/**
 * Envoy-style retry budget for one cluster: over a sliding window of ten one-second buckets, retries may number at most
 * {@code ratio} times the requests, or {@code minimum}, whichever is larger. When a cluster fails, its traffic can grow
 * by that share at most, instead of multiplying by the number of attempts.
 */
final class RetryBudget {

    private static final int BUCKETS = 10;
    private static final long BUCKET_NANOS = 1_000_000_000L;

    private final double ratio;
    private final int minimum;
    private final LongSupplier nanoClock;
    private final long[] requests = new long[BUCKETS];
    private final long[] retries = new long[BUCKETS];
    private long currentSecond;

    RetryBudget(double ratio, int minimum, LongSupplier nanoClock) {
        if (ratio < 0 || minimum < 0) {
            throw new IllegalArgumentException("retry budget ratio and minimum must not be negative");
        }
        this.ratio = ratio;
        this.minimum = minimum;
        this.nanoClock = nanoClock;
        this.currentSecond = nanoClock.getAsLong() / BUCKET_NANOS;
    }

    /**
     * Counts one request (its first attempt).
     */
    synchronized void onRequest() {
        requests[bucket()]++;
    }

    /**
     * @return whether one more retry fits the budget; if so it is counted
     */
    synchronized boolean tryRetry() {
        int now = bucket();
        long requestTotal = 0;
        long retryTotal = 0;
        for (int i = 0; i < BUCKETS; i++) {
            requestTotal += requests[i];
            retryTotal += retries[i];
        }
        if (retryTotal + 1 > Math.max(minimum, (long) Math.floor(ratio * requestTotal))) {
            return false;
        }
        retries[now]++;
        return true;
    }

    private int bucket() {
        long second = nanoClock.getAsLong() / BUCKET_NANOS;
        long elapsed = second - currentSecond;
        if (elapsed > 0) {
            for (long i = 1; i <= Math.min(elapsed, BUCKETS); i++) {
                int cleared = (int) ((currentSecond + i) % BUCKETS);
                requests[cleared] = 0;
                retries[cleared] = 0;
            }
            currentSecond = second;
        }
        return (int) (currentSecond % BUCKETS);
    }
}
