package io.infergate.upstream;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

import io.smallrye.faulttolerance.api.CircuitBreakerState;

/**
 * What an operator asks first about one cluster during an incident: is its breaker open, how much is in flight, and how
 * did the last requests go. Kept in memory per replica.
 */
public final class ClusterHealth {

    /** The outcomes of this many most recent requests make the "recent" figures. */
    static final int WINDOW = 100;

    private final AtomicInteger inFlight = new AtomicInteger();
    private final boolean[] succeeded = new boolean[WINDOW];
    private final long[] latencyNanos = new long[WINDOW];
    private volatile CircuitBreakerState breaker = CircuitBreakerState.CLOSED;
    private int next;
    private int recorded;

    void started() {
        inFlight.incrementAndGet();
    }

    /**
     * @param success whether the request got a usable answer; {@code null} when it was cancelled (a fan-out that no
     *        longer needed it), which says nothing about the cluster
     */
    synchronized void finished(Boolean success, long nanos) {
        inFlight.decrementAndGet();
        if (success == null) {
            return;
        }
        succeeded[next] = success;
        latencyNanos[next] = nanos;
        next = (next + 1) % WINDOW;
        recorded = Math.min(recorded + 1, WINDOW);
    }

    void breaker(CircuitBreakerState state) {
        this.breaker = state;
    }

    /**
     * @return the breaker's state: {@code CLOSED}, {@code OPEN} or {@code HALF_OPEN}
     */
    public CircuitBreakerState breaker() {
        return breaker;
    }

    /**
     * @return requests to this cluster now in flight from this replica
     */
    public int inFlight() {
        return inFlight.get();
    }

    /**
     * @return a consistent copy of the recent outcomes
     */
    public synchronized Recent recent() {
        int successes = 0;
        long[] sorted = new long[recorded];
        for (int i = 0; i < recorded; i++) {
            successes += succeeded[i] ? 1 : 0;
            sorted[i] = latencyNanos[i];
        }
        Arrays.sort(sorted);
        return new Recent(recorded, recorded == 0 ? 1.0 : (double) successes / recorded,
                recorded == 0 ? 0 : sorted[recorded / 2] / 1_000_000.0,
                recorded == 0 ? 0 : sorted[Math.min(recorded - 1, (int) Math.ceil(recorded * 0.99) - 1)] / 1_000_000.0);
    }

    /**
     * The last requests to a cluster.
     *
     * @param requests how many requests these figures cover (at most {@value #WINDOW})
     * @param successRatio share that got an answer other than a failure or 5xx
     * @param p50Millis median latency, whole request including retries
     * @param p99Millis 99th percentile latency
     */
    public record Recent(int requests, double successRatio, double p50Millis, double p99Millis) {
    }
}
