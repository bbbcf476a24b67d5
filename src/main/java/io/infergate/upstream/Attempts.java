package io.infergate.upstream;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import io.smallrye.mutiny.Uni;

/**
 * What one request's attempts did to the control plane, and whether they should go on. A request is judged on all its
 * attempts, not on the last one: one that reached the control plane may have been applied, whatever a later attempt
 * (refused by the breaker or the bulkhead, unreachable, cut short) did or did not do.
 */
final class Attempts {

    private final long start;
    private final CompletableFuture<Void> cancelled = new CompletableFuture<>();
    private final AtomicInteger count = new AtomicInteger();
    private volatile boolean running;
    private volatile boolean applied;
    private volatile boolean left;
    /** The last attempt that reached the control plane: it answered, or failed after the request was sent. */
    private volatile FailedAttempt lastSent;

    Attempts(long start) {
        this.start = start;
    }

    /**
     * @return when the request started, in {@link System#nanoTime()} terms
     */
    long start() {
        return start;
    }

    /**
     * @return the number of this attempt, 1 for the first
     */
    int started() {
        running = true;
        return count.incrementAndGet();
    }

    void ended() {
        running = false;
    }

    /** No further attempt: the request is cancelled or past its deadline. */
    void cancel() {
        cancelled.complete(null);
    }

    /** The caller is gone: no further attempt, and the outcome says nothing about the cluster. */
    void leave() {
        left = true;
        cancel();
    }

    boolean cancelled() {
        return cancelled.isDone();
    }

    /**
     * @return whether the caller went away before the request ended
     */
    boolean left() {
        return left;
    }

    /**
     * @return a Uni that fails as soon as the request is cancelled, to race an attempt against
     */
    Uni<UpstreamResponse> cancellation() {
        // a stage of its own: Mutiny cancels the stage it was given when the attempt wins the race
        return Uni.createFrom()
                .completionStage(cancelled.thenApply(done -> done))
                .onItem()
                .transformToUni(done -> Uni.createFrom().failure(new CancellationException("request cancelled")));
    }

    void failed(FailedAttempt attempt) {
        if (attempt.mayHaveApplied()) {
            applied = true;
        }
        if (attempt.reachedUpstream()) {
            lastSent = attempt;
        }
    }

    /**
     * @return whether any attempt may have been applied, counting one still running when the deadline cut it short
     */
    boolean mayHaveApplied() {
        return applied || running;
    }

    /**
     * How a request ends whose last attempt was never sent (the breaker or the bulkhead refused it, no connection could
     * be had, the deadline passed between attempts): as it would have ended had no retry been left after the last
     * attempt that was sent. That attempt's answer goes back as the control plane sent it; its failure (which may have
     * been applied) is reported, naming the retry that was not sent. With no attempt sent, the failure stands.
     *
     * @param unsent the failure that ended the request without sending its last attempt
     */
    Uni<UpstreamResponse> afterUnsentRetry(UpstreamFailure unsent) {
        FailedAttempt sent = lastSent;
        if (unsent.reachedUpstream() || sent == null) {
            return Uni.createFrom().failure(unsent);
        }
        if (sent.answer() != null) {
            return Uni.createFrom().item(sent.answer());
        }
        UpstreamFailure earlier = (UpstreamFailure) sent.getCause();
        return Uni.createFrom().failure(earlier.withUnsentRetry(unsent));
    }
}
