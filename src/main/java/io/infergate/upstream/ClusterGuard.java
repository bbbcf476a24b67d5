package io.infergate.upstream;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

import jakarta.enterprise.util.TypeLiteral;

import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

import io.infergate.routing.Cluster;
import io.infergate.routing.ClustersConfig.ClusterConfig;
import io.quarkus.logging.Log;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.faulttolerance.api.TypedGuard;
import io.smallrye.mutiny.Uni;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;

/**
 * Everything between a routed request and one cluster's connection pool (DESIGN.md decisions 3 and 4), built once per
 * cluster from its configuration: a SmallRye Fault Tolerance guard with retry (by {@link RetryRules}, {@link Backoff},
 * within a {@link RetryBudget}), a circuit breaker and a bulkhead, all inside one deadline per request. Per-attempt
 * timeouts stay in {@link UpstreamClient}, which alone knows whether a timed-out request had been sent.
 */
public final class ClusterGuard {

    private static final TypeLiteral<Uni<UpstreamResponse>> UNI_RESPONSE = new TypeLiteral<>() {
    };

    private final Cluster cluster;
    private final UpstreamClient client;
    private final TypedGuard<Uni<UpstreamResponse>> guard;
    private final RetryBudget budget;
    private final ClusterHealth health = new ClusterHealth();
    private final Duration deadline;
    private final Duration breakerDelay;
    private final Duration maxRetryAfter;

    ClusterGuard(UpstreamClient client, ClusterConfig config) {
        this.cluster = client.cluster();
        this.client = client;
        this.deadline = config.deadline();
        this.breakerDelay = config.breaker().delay();
        this.maxRetryAfter = config.retry().maxRetryAfter();
        this.budget = new RetryBudget(config.retry().budgetRatio(), config.retry().budgetMinimum(), System::nanoTime);
        this.guard = TypedGuard.create(UNI_RESPONSE)
                .withDescription("cluster " + cluster.name())
                .withRetry()
                .maxRetries(config.retry().maxRetries())
                .maxDuration(config.deadline().toMillis(), ChronoUnit.MILLIS)
                .whenException(failure -> failure instanceof FailedAttempt attempt && attempt.retryable()
                        && budget.tryRetry())
                .withCustomBackoff()
                .strategy(() -> new Backoff(config.retry().initialBackoff(), config.retry().maxBackoff()))
                .done()
                .done()
                .withCircuitBreaker()
                .name("cluster-" + cluster.name())
                .requestVolumeThreshold(config.breaker().requestVolume())
                .failureRatio(config.breaker().failureRatio())
                .delay(config.breaker().delay().toMillis(), ChronoUnit.MILLIS)
                .successThreshold(config.breaker().successThreshold())
                .when(failure -> failure instanceof FailedAttempt attempt && attempt.clusterFault())
                .onStateChange(this::breakerChanged)
                .done()
                .withBulkhead()
                .limit(config.bulkhead().limit())
                .queueSize(config.bulkhead().queue())
                .done()
                .withThreadOffload(false)
                .build();
    }

    private void breakerChanged(CircuitBreakerState state) {
        health.breaker(state);
        if (state == CircuitBreakerState.OPEN) {
            Log.warnf("Circuit breaker of cluster %s opened: requests to it fail at once for %d ms", cluster.name(),
                    breakerDelay.toMillis());
        } else {
            Log.infof("Circuit breaker of cluster %s is %s", cluster.name(), state);
        }
    }

    /**
     * @return the cluster this guard protects
     */
    public Cluster cluster() {
        return cluster;
    }

    /**
     * @return what is known of the cluster's health
     */
    public ClusterHealth health() {
        return health;
    }

    void close() {
        client.close();
    }

    /**
     * Sends a request, retrying what is safe to retry, and answers with the control plane's last answer or the
     * {@link UpstreamFailure} that ended it.
     */
    public Uni<UpstreamResponse> send(UpstreamRequest request) {
        Attempts attempts = new Attempts();
        long start = System.nanoTime();
        return Uni.createFrom()
                .deferred(() -> {
                    budget.onRequest();
                    health.started();
                    return guard.get(() -> attempt(request, attempts));
                })
                .ifNoItem()
                .after(deadline)
                .failWith(() -> new UpstreamFailure.TimedOut(cluster, deadline, attempts.mayHaveApplied()))
                .onFailure(FailedAttempt.class)
                .recoverWithUni(this::lastWord)
                .onFailure(CircuitBreakerOpenException.class)
                .transform(open -> new UpstreamFailure.Rejected(cluster, "its circuit breaker is open", breakerDelay))
                .onFailure(BulkheadException.class)
                .transform(full -> new UpstreamFailure.Rejected(cluster, "too many requests are in flight to it",
                        Duration.ofSeconds(1)))
                .map(answer -> deleteAfterAmbiguousAttempt(request, answer, attempts.mayHaveApplied()))
                .onTermination()
                .invoke((answer, failure, cancelled) -> health.finished(
                        cancelled ? null : failure == null && answer.status() < 500, System.nanoTime() - start));
    }

    private Uni<UpstreamResponse> attempt(UpstreamRequest request, Attempts attempts) {
        return client.send(request)
                .onSubscription()
                .invoke(attempts::started)
                .onTermination()
                .invoke(attempts::ended)
                .onFailure(UpstreamFailure.class)
                .transform(failure -> RetryRules.judge(request.operation(), (UpstreamFailure) failure))
                .invoke(answer -> RetryRules.judge(request.operation(), answer)
                        .map(this::withinRetryAfterLimit)
                        .ifPresent(failed -> {
                            throw failed;
                        }))
                .onFailure(FailedAttempt.class)
                .invoke(failed -> attempts.failed((FailedAttempt) failed));
    }

    /**
     * What one request's attempts may have done to the control plane. Cut short by the deadline while an attempt is
     * running, the request may have reached it: that counts as applied, so a create is never taken as unsent.
     */
    private static final class Attempts {

        private volatile boolean running;
        private volatile boolean applied;

        void started() {
            running = true;
        }

        void ended() {
            running = false;
        }

        void failed(FailedAttempt attempt) {
            if (attempt.mayHaveApplied()) {
                applied = true;
            }
        }

        boolean mayHaveApplied() {
            return applied || running;
        }
    }

    private FailedAttempt withinRetryAfterLimit(FailedAttempt failed) {
        if (failed.retryAfter() != null && failed.retryAfter().compareTo(maxRetryAfter) > 0) {
            return FailedAttempt.answer(failed.answer(), false, failed.retryAfter());
        }
        return failed;
    }

    /**
     * After the last attempt: an answer that asked for a retry is still the control plane's answer, and goes back
     * as it came; an outright failure is the {@link UpstreamFailure} it carried.
     */
    private Uni<UpstreamResponse> lastWord(Throwable failure) {
        FailedAttempt last = (FailedAttempt) failure;
        if (last.answer() != null) {
            return Uni.createFrom().item(last.answer());
        }
        return Uni.createFrom().failure(last.getCause());
    }

    /**
     * A delete retried after an attempt that may have gone through, then answered 404, was very likely deleted by
     * that attempt: report it as accepted rather than as an error the caller did not cause.
     */
    private UpstreamResponse deleteAfterAmbiguousAttempt(UpstreamRequest request, UpstreamResponse answer,
            boolean mayHaveApplied) {
        if (request.operation() != Operation.DELETE || answer.status() != 404 || !mayHaveApplied) {
            return answer;
        }
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("Content-Type", "application/json");
        return new UpstreamResponse(cluster, 202, headers,
                Buffer.buffer("{\"code\":202,\"message\":\"Request has been accepted.\"}"));
    }
}
