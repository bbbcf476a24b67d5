package io.infergate.upstream;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

import jakarta.enterprise.util.TypeLiteral;

import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

import io.infergate.cluster.Cluster;
import io.infergate.cluster.ClustersConfig.ClusterConfig;
import io.infergate.error.GatewayException;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.quarkus.logging.Log;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.faulttolerance.api.TypedGuard;
import io.smallrye.mutiny.Uni;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;

/**
 * Everything between a routed request and one cluster's connection pool (docs/design.md principles 3 and 4), built once per
 * cluster from its configuration: a SmallRye Fault Tolerance guard with retry (by {@link RetryRules}, {@link Backoff},
 * within a {@link RetryBudget}), a circuit breaker and a bulkhead, all inside one deadline per request. Per-attempt
 * timeouts stay in {@link UpstreamClient}, which alone knows whether a timed-out request had been sent.
 */
public final class ClusterGuard {

    private static final TypeLiteral<Uni<UpstreamResponse>> UNI_RESPONSE = new TypeLiteral<>() {
    };

    private final Cluster cluster;
    private final UpstreamClient client;
    private final UpstreamCredentials credentials;
    private final TypedGuard<Uni<UpstreamResponse>> guard;
    private final RetryBudget budget;
    private final ClusterHealth health = new ClusterHealth();
    private final ClusterMeters meters;
    private final Attempt attempt;
    private final Duration deadline;
    private final Duration breakerDelay;
    private final String breakerName;

    ClusterGuard(UpstreamClient client, UpstreamCredentials credentials, ClusterConfig config, MeterRegistry registry,
            OpenTelemetry telemetry) {
        this.cluster = client.cluster();
        this.breakerName = "cluster-" + cluster.name();
        this.client = client;
        this.credentials = credentials;
        this.meters = new ClusterMeters(registry, cluster, health);
        this.deadline = config.deadline();
        this.breakerDelay = config.breaker().delay();
        this.attempt = new Attempt(client, meters, config, telemetry);
        this.budget = new RetryBudget(config.retry().budgetRatio(), config.retry().budgetMinimum(), System::nanoTime);
        this.guard = TypedGuard.create(UNI_RESPONSE)
                .withDescription("cluster " + cluster.name())
                .withRetry()
                .maxRetries(config.retry().maxRetries())
                .maxDuration(config.deadline().toMillis(), ChronoUnit.MILLIS)
                .whenException(failure -> failure instanceof FailedAttempt attempt && attempt.retryable()
                        && allowRetry(attempt))
                .withCustomBackoff()
                .strategy(() -> new Backoff(config.retry().initialBackoff(), config.retry().maxBackoff()))
                .done()
                .done()
                .withCircuitBreaker()
                .name(breakerName)
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

    /**
     * A retry the verdict allows still needs the budget's consent.
     */
    private boolean allowRetry(FailedAttempt attempt) {
        if (budget.tryRetry()) {
            meters.retry(attempt);
            return true;
        }
        meters.budgetExhausted();
        return false;
    }

    private void breakerChanged(CircuitBreakerState state) {
        health.breaker(state);
        meters.breaker(state);
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
        meters.close();
        client.close();
    }

    /**
     * Sends a request with this cluster's credentials, retrying what is safe to retry, and answers with the control
     * plane's last answer or the {@link UpstreamFailure} that ended it. A 401 to InferGate's own token is tried once more
     * with a fresh token: the control plane refused it before doing anything.
     */
    public Uni<UpstreamResponse> send(UpstreamRequest request) {
        return credentials.sign(request)
                .chain(signed -> guarded(signed)
                        .chain(answer -> answer.status() == 401
                                ? afterRejection(signed, answer)
                                : Uni.createFrom().item(answer)));
    }

    /**
     * One read in the background (a workload follow-up), sent once with this cluster's credentials and none of the
     * guard: no retry (the next poll is the retry), so the retry budget that protects callers' requests is neither
     * spent nor raised; not counted by the breaker, so background reads never open it; and not sent at all unless the
     * breaker is closed, so they neither hit a cluster that callers' requests found failing nor take a half-open trial
     * from a caller. Its attempt is counted apart ({@code origin="followup"}); a 401 to InferGate's own token is tried
     * once more with a fresh one, as for a caller.
     *
     * @return the control plane's answer, or the {@link UpstreamFailure} of the one attempt; a
     *         {@link UpstreamFailure.Rejected} when the breaker is not closed
     */
    public Uni<UpstreamResponse> readInBackground(UpstreamRequest request) {
        CircuitBreakerState breaker = CircuitBreakerMaintenance.get().currentState(breakerName);
        if (breaker != CircuitBreakerState.CLOSED) {
            return Uni.createFrom().failure(new UpstreamFailure.Rejected(cluster,
                    "its circuit breaker is " + breaker.name().toLowerCase(Locale.ROOT), breakerDelay, true));
        }
        return credentials.sign(request)
                .chain(signed -> backgroundAttempt(signed)
                        .chain(answer -> answer.status() == 401
                                ? credentials.renew(signed)
                                        .chain(renewed -> renewed == null
                                                ? Uni.createFrom().item(answer)
                                                : backgroundAttempt(renewed))
                                : Uni.createFrom().item(answer)));
    }

    private Uni<UpstreamResponse> backgroundAttempt(UpstreamRequest request) {
        long start = System.nanoTime();
        return client.send(request)
                .onTermination()
                .invoke((answer, failure, cancelled) -> meters.backgroundRead(request.operation(), answer,
                        System.nanoTime() - start));
    }

    private Uni<UpstreamResponse> afterRejection(UpstreamRequest rejected, UpstreamResponse answer) {
        return credentials.renew(rejected)
                .chain(renewed -> renewed == null
                        ? Uni.createFrom().item(answer)
                        : guarded(renewed).invoke(this::refusedTwice));
    }

    /**
     * A fresh token refused too is no fault of the caller's, whose own token never went upstream.
     */
    private void refusedTwice(UpstreamResponse answer) {
        if (answer.status() == 401) {
            Log.warnf("The control plane of cluster %s refused a fresh InferGate token", cluster.name());
            throw GatewayException.badGateway("The control plane of cluster " + cluster.name()
                    + " refused InferGate's own access token twice; an operator must check that InferGate's client "
                    + "credentials may use the API.");
        }
    }

    /**
     * The request's attempts, each judged by {@link RetryRules} and retried within the budget, the breaker and the
     * bulkhead, all within {@code deadline}. A cancellation or the deadline stops the attempts ({@link Attempts}) rather
     * than cancelling the guard's operators ({@link Detached}).
     */
    private Uni<UpstreamResponse> guarded(UpstreamRequest request) {
        Attempts attempts = new Attempts(System.nanoTime());
        Uni<UpstreamResponse> outcome = Uni.createFrom()
                .deferred(() -> {
                    budget.onRequest();
                    health.started();
                    return guard.get(() -> attempt.send(request, attempts));
                })
                .onFailure(FailedAttempt.class)
                .recoverWithUni(this::lastWord)
                .onFailure(CircuitBreakerOpenException.class)
                .transform(open -> new UpstreamFailure.Rejected(cluster, "its circuit breaker is open", breakerDelay, true))
                .onFailure(BulkheadException.class)
                .invoke(full -> meters.bulkheadRejected())
                .onFailure(BulkheadException.class)
                .transform(full -> new UpstreamFailure.Rejected(cluster, "too many requests are in flight to it",
                        Duration.ofSeconds(1)))
                .onFailure(UpstreamFailure.class)
                .recoverWithUni(unsent -> attempts.afterUnsentRetry((UpstreamFailure) unsent))
                .map(answer -> deleteAfterAmbiguousAttempt(request, answer, attempts.mayHaveApplied()))
                .onTermination()
                .invoke((answer, failure, cancelled) -> health.finished(
                        attempts.left() ? null : failure == null && answer.status() < 500,
                        System.nanoTime() - attempts.start()));
        return Detached.within(outcome, attempts::leave, deadline, () -> {
            // read before cancelling: the cancelled attempt ends at once and no longer counts as running
            boolean mayHaveApplied = attempts.mayHaveApplied();
            attempts.cancel();
            return attempts.afterUnsentRetry(new UpstreamFailure.TimedOut(cluster, deadline, mayHaveApplied));
        });
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
