package io.infergate.upstream;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.infergate.cluster.Cluster;
import io.infergate.observability.Meters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.faulttolerance.api.CircuitBreakerState;

/**
 * The meters of one cluster's guard. Tag values come from configuration (the cluster's name) and from closed sets
 * (operation, status class, origin, retry reason, breaker state), never from a request.
 */
final class ClusterMeters {

    /** Histogram buckets of an attempt's duration: a control plane answers in tens of milliseconds when healthy. */
    private static final Duration[] ATTEMPT_SLO = { Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
            Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10) };

    private final MeterRegistry registry;
    private final String cluster;
    private final Counter budgetExhausted;
    private final Counter bulkheadRejections;
    private final List<Meter> bound;
    /** Per operation, the attempt timer of each status class (index 0: no answer), looked up once; callers' and reads'. */
    private final Map<Operation, Timer[]> attempts = new EnumMap<>(Operation.class);
    private final Map<Operation, Timer[]> backgroundReads = new EnumMap<>(Operation.class);

    ClusterMeters(MeterRegistry registry, Cluster cluster, ClusterHealth health) {
        this.registry = registry;
        this.cluster = cluster.name();
        this.budgetExhausted = registry.counter(Meters.UPSTREAM_RETRY_BUDGET_EXHAUSTED, Meters.CLUSTER, this.cluster);
        this.bulkheadRejections = registry.counter(Meters.UPSTREAM_BULKHEAD_REJECTIONS, Meters.CLUSTER, this.cluster);
        for (Operation operation : Operation.values()) {
            attempts.put(operation, new Timer[6]);
            backgroundReads.put(operation, new Timer[6]);
        }
        this.bound = List.of(Gauge
                .builder(Meters.UPSTREAM_BREAKER_OPEN, health,
                        state -> state.breaker() == CircuitBreakerState.OPEN ? 1 : 0)
                .description("1 while the cluster's circuit breaker is open")
                .tag(Meters.CLUSTER, this.cluster)
                .strongReference(true)
                .register(registry));
    }

    /**
     * An attempt made for a caller's request.
     */
    void attempt(Operation operation, UpstreamResponse answer, long nanos) {
        record(attempts, Meters.ORIGIN_CALLER, operation, answer, nanos);
    }

    /**
     * A read made in the background (a workload follow-up), counted apart from callers' attempts.
     */
    void backgroundRead(Operation operation, UpstreamResponse answer, long nanos) {
        record(backgroundReads, Meters.ORIGIN_FOLLOWUP, operation, answer, nanos);
    }

    private void record(Map<Operation, Timer[]> timers, String origin, Operation operation, UpstreamResponse answer,
            long nanos) {
        int statusClass = answer == null ? 0 : Math.min(Math.max(answer.status() / 100, 1), 5);
        Timer[] byClass = timers.get(operation);
        Timer timer = byClass[statusClass];
        if (timer == null) {
            timer = Timer.builder(Meters.UPSTREAM_ATTEMPTS)
                    .description("Attempts sent to a control plane")
                    .tag(Meters.CLUSTER, cluster)
                    .tag(Meters.OPERATION, operation.label())
                    .tag(Meters.STATUS_CLASS, statusClass == 0 ? "none" : statusClass + "xx")
                    .tag(Meters.ORIGIN, origin)
                    .serviceLevelObjectives(ATTEMPT_SLO)
                    .register(registry);
            // a race registers the same meter twice, and the registry hands back the same timer
            byClass[statusClass] = timer;
        }
        timer.record(nanos, TimeUnit.NANOSECONDS);
    }

    void retry(FailedAttempt attempt) {
        registry.counter(Meters.UPSTREAM_RETRIES, Meters.CLUSTER, cluster, Meters.REASON, reason(attempt)).increment();
    }

    void budgetExhausted() {
        budgetExhausted.increment();
    }

    void bulkheadRejected() {
        bulkheadRejections.increment();
    }

    void breaker(CircuitBreakerState state) {
        registry.counter(Meters.UPSTREAM_BREAKER_TRANSITIONS, Meters.CLUSTER, cluster, Meters.STATE,
                state.name().toLowerCase(Locale.ROOT)).increment();
    }

    /**
     * Drops the meters bound to this guard, so a restarted application does not report a stopped one.
     */
    void close() {
        bound.forEach(registry::remove);
    }

    /**
     * @return {@code status_503} for an answer, else the kind of failure, e.g. {@code unreachable}
     */
    private static String reason(FailedAttempt attempt) {
        if (attempt.answer() != null) {
            return "status_" + attempt.answer().status();
        }
        Throwable cause = attempt.getCause();
        if (cause instanceof UpstreamFailure failure) {
            return failure.getClass().getSimpleName().replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
        }
        return "failure";
    }
}
