package io.infergate.upstream;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import io.smallrye.faulttolerance.api.CustomBackoffStrategy;

/**
 * The wait before each retry of one request: what the control plane asked for in {@code Retry-After}, else exponential
 * backoff with full jitter (a uniform draw below {@code initial * 2^n}, capped), which spreads the retries of many
 * callers instead of synchronising them.
 */
final class Backoff implements CustomBackoffStrategy {

    private final long initialMillis;
    private final long maxMillis;
    private int retries;

    Backoff(Duration initial, Duration max) {
        this.initialMillis = Math.max(1, initial.toMillis());
        this.maxMillis = Math.max(initialMillis, max.toMillis());
    }

    @Override
    public long nextDelayInMillis(Throwable failure) {
        int attempt = retries++;
        if (failure instanceof FailedAttempt failed && failed.retryAfter() != null) {
            return failed.retryAfter().toMillis();
        }
        long ceiling = Math.min(maxMillis, initialMillis << Math.min(attempt, 20));
        return ThreadLocalRandom.current().nextLong(ceiling + 1);
    }
}
