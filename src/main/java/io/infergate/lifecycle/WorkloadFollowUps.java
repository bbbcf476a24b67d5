package io.infergate.lifecycle;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.infergate.cluster.Cluster;
import io.infergate.observability.Meters;
import io.infergate.routing.WorkloadFields;
import io.infergate.routing.WorkloadRouter;
import io.infergate.upstream.ClusterGuard;
import io.infergate.upstream.Operation;
import io.infergate.upstream.UpstreamClients;
import io.infergate.upstream.UpstreamRequest;
import io.infergate.upstream.UpstreamResponse;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.context.Context;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;
import io.vertx.core.Vertx;

/**
 * Follows workloads created through this replica until they are {@code Running}, have failed or ended, are gone, or
 * {@code infergate.lifecycle.timeout} has passed, reading each one every {@code poll-interval} with the cluster's
 * credentials but outside the guard that serves callers ({@link ClusterGuard#readInBackground}): a read is never retried
 * (the next poll is its retry), never spends the retry budget, never counts towards the breaker, and is skipped while
 * the breaker is not closed or {@code max-reads-in-flight} reads to that cluster are under way. It records the time from the
 * create's acknowledgement to the first read that saw {@code Running}, per cluster, and how each follow-up ended. At
 * most {@code max-followed} workloads are followed at once; nothing is kept once a follow-up ends, and nothing survives
 * a restart: this is a measurement, not a controller.
 * <p>
 * For a {@code passthrough} cluster the reads carry the creating caller's bearer token, held in memory for that
 * follow-up only; once the control plane refuses it (an expired token) the follow-up ends as {@code unobserved}.
 */
@Startup
@Singleton
public class WorkloadFollowUps {

    /** How a follow-up ended, the {@code outcome} tag. */
    enum Outcome {
        RUNNING,
        FAILED,
        ENDED,
        DELETED,
        TIMEOUT,
        UNOBSERVED,
        SKIPPED;

        String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The {@code Phase} values of the vendor contract; anything else is tagged {@code other}, keeping tags bounded. */
    private static final Set<String> PHASES = Set.of("Creating", "Initializing", "Resuming", "Pending", "Deleting",
            "Running", "Updating", "Stopped", "Stopping", "Degraded", "Failed", "Completed", "Terminating", "Unknown");
    private static final Duration[] TIME_TO_RUNNING_SLO = { Duration.ofSeconds(1), Duration.ofSeconds(5),
            Duration.ofSeconds(15), Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(2),
            Duration.ofMinutes(5), Duration.ofMinutes(10), Duration.ofMinutes(20), Duration.ofMinutes(30) };

    private final LifecycleConfig config;
    private final UpstreamClients clients;
    private final Vertx vertx;
    private final MeterRegistry registry;
    private final JsonFactory json;
    private final AtomicInteger followed = new AtomicInteger();
    /** Follow-up reads under way, per cluster name. */
    private final Map<String, AtomicInteger> reading = new ConcurrentHashMap<>();
    private volatile boolean closed;

    WorkloadFollowUps(LifecycleConfig config, UpstreamClients clients, Vertx vertx, MeterRegistry registry,
            ObjectMapper mapper) {
        this.config = config;
        this.clients = clients;
        this.vertx = vertx;
        this.registry = registry;
        this.json = mapper.getFactory();
        Gauge.builder(Meters.WORKLOAD_FOLLOWUPS_ACTIVE, followed, AtomicInteger::get)
                .description("Workloads this replica follows now")
                .register(registry);
    }

    /**
     * Starts following the workload a create's answer describes, when follow-ups are on, the answer is a 2xx with a
     * {@code workloadId}, and the budget allows. Returns at once; the reads happen on timers.
     *
     * @param authorization the creating caller's {@code Authorization} value, for a passthrough cluster's reads
     */
    public void created(Cluster cluster, UpstreamResponse answer, String authorization) {
        if (!config.enabled() || closed || answer.status() / 100 != 2) {
            return;
        }
        String workloadId = WorkloadFields.of(json, answer.body()).workloadId();
        UUID id;
        try {
            id = workloadId == null ? null : WorkloadRouter.workloadId(workloadId);
        } catch (RuntimeException notAUuid) {
            id = null;
        }
        if (id == null) {
            return;
        }
        if (followed.incrementAndGet() > config.maxFollowed()) {
            followed.decrementAndGet();
            count(cluster, Outcome.SKIPPED, "none");
            return;
        }
        Map<String, String> headers = authorization == null ? Map.of() : Map.of("authorization", authorization);
        schedule(new FollowUp(cluster, new UpstreamRequest(Operation.GET, WorkloadRouter.workloadPath(id), headers, null,
                Context.root()), System.nanoTime()), "Creating");
    }

    private record FollowUp(Cluster cluster, UpstreamRequest read, long since) {
    }

    private void schedule(FollowUp followUp, String lastPhase) {
        if (closed) {
            followed.decrementAndGet();
            return;
        }
        if (System.nanoTime() - followUp.since() >= config.timeout().toNanos()) {
            end(followUp, Outcome.TIMEOUT, lastPhase);
            return;
        }
        vertx.setTimer(Math.max(1, config.pollInterval().toMillis()), timer -> read(followUp, lastPhase));
    }

    /**
     * One poll: skipped (the follow-up waits for the next) while this cluster has its most reads under way; a read that
     * fails or is refused (the breaker is not closed) likewise leaves it to the next poll.
     */
    private void read(FollowUp followUp, String lastPhase) {
        AtomicInteger underWay = reading.computeIfAbsent(followUp.cluster().name(), name -> new AtomicInteger());
        if (underWay.incrementAndGet() > config.maxReadsInFlight()) {
            underWay.decrementAndGet();
            schedule(followUp, lastPhase);
            return;
        }
        clients.of(followUp.cluster())
                .readInBackground(followUp.read())
                .onTermination()
                .invoke(underWay::decrementAndGet)
                .subscribe()
                .with(answer -> answered(followUp, answer, lastPhase), failure -> schedule(followUp, lastPhase));
    }

    private void answered(FollowUp followUp, UpstreamResponse answer, String lastPhase) {
        int status = answer.status();
        if (status == 404) {
            end(followUp, Outcome.DELETED, lastPhase);
        } else if (status == 401 || status == 403) {
            end(followUp, Outcome.UNOBSERVED, lastPhase);
        } else if (status != 200) {
            schedule(followUp, lastPhase);
        } else {
            String phase = WorkloadFields.withPhase(json, answer.body()).actualPhase();
            String seen = phase == null ? lastPhase : phase;
            switch (seen) {
                case "Running" -> {
                    Timer.builder(Meters.WORKLOAD_TIME_TO_RUNNING)
                            .description("From a create's acknowledgement to the first read that saw the workload Running")
                            .tag(Meters.CLUSTER, followUp.cluster().name())
                            .serviceLevelObjectives(TIME_TO_RUNNING_SLO)
                            .register(registry)
                            .record(System.nanoTime() - followUp.since(), TimeUnit.NANOSECONDS);
                    end(followUp, Outcome.RUNNING, lastPhase);
                }
                case "Failed" -> end(followUp, Outcome.FAILED, lastPhase);
                case "Completed", "Stopped" -> end(followUp, Outcome.ENDED, lastPhase);
                case "Deleting", "Terminating" -> end(followUp, Outcome.DELETED, lastPhase);
                default -> schedule(followUp, seen);
            }
        }
    }

    /**
     * @param lastPhase the phase seen before the one that ended it: where a failed or timed-out workload was stuck
     */
    private void end(FollowUp followUp, Outcome outcome, String lastPhase) {
        followed.decrementAndGet();
        count(followUp.cluster(), outcome, lastPhase);
        if (outcome == Outcome.TIMEOUT || outcome == Outcome.FAILED) {
            Log.infof("Workload %s on cluster %s: %s (last phase %s)", followUp.read().path(),
                    followUp.cluster().name(), outcome.tag(), lastPhase);
        }
    }

    private void count(Cluster cluster, Outcome outcome, String lastPhase) {
        registry.counter(Meters.WORKLOAD_FOLLOWUPS, Meters.CLUSTER, cluster.name(), Meters.OUTCOME, outcome.tag(),
                Meters.PHASE, PHASES.contains(lastPhase) || "none".equals(lastPhase) ? lastPhase : "other")
                .increment();
    }

    @PreDestroy
    void close() {
        closed = true;
    }
}
