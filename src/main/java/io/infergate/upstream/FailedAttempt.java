package io.infergate.upstream;

import java.time.Duration;

/**
 * One attempt that did not give a final answer, with the verdict of {@link RetryRules}: whether another attempt is
 * safe, and how long the control plane asked us to wait. Exists only inside a {@link ClusterGuard}; callers see the
 * answer or the {@link UpstreamFailure} it carries.
 */
final class FailedAttempt extends RuntimeException {

    private final boolean retryable;
    private final transient UpstreamResponse answer;
    private final Duration retryAfter;

    private FailedAttempt(boolean retryable, UpstreamResponse answer, Throwable failure, Duration retryAfter) {
        super(failure == null ? "answered " + answer.status() : failure.getMessage(), failure, false, false);
        this.retryable = retryable;
        this.answer = answer;
        this.retryAfter = retryAfter;
    }

    /**
     * An attempt that broke with an {@link UpstreamFailure}.
     */
    static FailedAttempt failure(UpstreamFailure failure, boolean retryable) {
        return new FailedAttempt(retryable, null, failure, null);
    }

    /**
     * An attempt answered with a status worth another attempt (429, 502, 503, 504).
     */
    static FailedAttempt answer(UpstreamResponse answer, boolean retryable, Duration retryAfter) {
        return new FailedAttempt(retryable, answer, null, retryAfter);
    }

    /**
     * @return this attempt with no retry after it
     */
    FailedAttempt asFinal() {
        return new FailedAttempt(false, answer, getCause(), retryAfter);
    }

    boolean retryable() {
        return retryable;
    }

    /**
     * @return the answer that asked for a retry, or {@code null} when the attempt failed outright
     */
    UpstreamResponse answer() {
        return answer;
    }

    /**
     * @return the {@code Retry-After} the control plane sent, or {@code null}
     */
    Duration retryAfter() {
        return retryAfter;
    }

    /**
     * @return whether the control plane may have acted on the request: anything but a connection never made or an
     *         answer that says the request was not processed (429, 503)
     */
    boolean mayHaveApplied() {
        if (answer != null) {
            return answer.status() == 502 || answer.status() == 504;
        }
        return ((UpstreamFailure) getCause()).reachedUpstream();
    }

    /**
     * @return whether the attempt reached the control plane: it answered, or failed after the request was sent
     */
    boolean reachedUpstream() {
        return answer != null || ((UpstreamFailure) getCause()).reachedUpstream();
    }

    /**
     * @return whether the circuit breaker counts this attempt against the cluster: failures and 5xx, not 429
     */
    boolean clusterFault() {
        return answer == null || answer.status() >= 500;
    }
}
