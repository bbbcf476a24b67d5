package io.infergate.routing;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.infergate.cluster.Cluster;
import io.infergate.cluster.Owner;
import io.infergate.cluster.UsableClusters;
import io.infergate.error.GatewayException;
import io.infergate.observability.Meters;
import io.infergate.observability.Spans;
import io.infergate.upstream.UpstreamClients;
import io.infergate.upstream.UpstreamFailure;
import io.infergate.upstream.UpstreamRequest;
import io.infergate.upstream.UpstreamResponse;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Knows, or finds out, which cluster owns a workload. A bounded per-replica cache answers most lookups; a miss asks every
 * candidate cluster (those the caller may use) at once, takes the first 200 that is about the workload asked and comes
 * from the cluster it names, and cancels the rest. The cache is an optimisation only: an entry that
 * turns out wrong costs one extra round trip, never a wrong answer.
 */
@Singleton
public class WorkloadLocator {

    private final UpstreamClients clients;
    private final JsonFactory json;
    private final MeterRegistry meters;
    private final DistributionSummary fanOutWidth;
    private final Tracer tracer;
    private final Cache<UUID, Owner> owners;

    WorkloadLocator(UpstreamClients clients, LocatorConfig config, ObjectMapper mapper,
            MeterRegistry meters, OpenTelemetry telemetry) {
        this.tracer = telemetry.getTracer("io.infergate");
        this.meters = meters;
        this.fanOutWidth = DistributionSummary.builder(Meters.LOCATOR_FANOUT_WIDTH)
                .description("Clusters asked by one locate fan-out")
                .register(meters);
        this.clients = clients;
        this.json = mapper.getFactory();
        this.owners = Caffeine.newBuilder()
                .maximumSize(config.cacheSize())
                .expireAfterWrite(config.cacheTtl())
                .build();
    }

    /**
     * @return the owner last seen for the workload, if remembered; not counted here, since what a caller may learn of it
     *         is decided by the owner check ({@link #count})
     */
    public Optional<Owner> cached(UUID workloadId) {
        return Optional.ofNullable(owners.getIfPresent(workloadId));
    }

    /**
     * Records where a workload lives, as learnt from a create or a lookup.
     */
    public void remember(UUID workloadId, Owner owner) {
        owners.put(workloadId, owner);
    }

    /**
     * Drops a remembered owner that answered 404.
     */
    public void forget(UUID workloadId) {
        owners.invalidate(workloadId);
    }

    /**
     * Asks every cluster the caller may use that is not already known to lack the workload. A cluster no grant of the
     * caller reaches is never asked: whatever it holds, the caller could not see it, and the caller's token is not
     * sent there. A caller who may use no cluster therefore gets the 404 of a workload nowhere, with nothing asked.
     *
     * @param workloadId the workload
     * @param probe the GET to send to each cluster
     * @param known answers already in hand, e.g. the 404 of a stale cached owner
     * @param usable the clusters the caller may use
     * @return the owner and its 200 answer (its {@code workloadId} and {@code clusterId} checked), or else a cluster's
     *         refusal of this caller; fails with a 503 naming the clusters that could not answer when none said 200 and
     *         at least one failed, and with a 404 {@link GatewayException} when every cluster said 404
     */
    Uni<ClusterResult> locate(UUID workloadId, UpstreamRequest probe, List<ClusterResult> known, UsableClusters usable) {
        List<Cluster> candidates = usable.clusters()
                .stream()
                .filter(cluster -> known.stream().noneMatch(result -> result.cluster().equals(cluster)))
                .toList();
        Span span = Spans.traced(probe.trace())
                ? tracer.spanBuilder(Spans.LOCATE)
                        .setParent(probe.trace())
                        .setAttribute("infergate.clusters.asked", candidates.size())
                        .startSpan()
                : Span.getInvalid();
        UpstreamRequest traced = probe.withTrace(probe.trace().with(span));
        Uni<LocateTally> tally = candidates.isEmpty()
                ? Uni.createFrom().item(LocateTally.expecting(0, known))
                : fanOut(workloadId, candidates, traced, known);
        return tally.map(decided -> outcome(workloadId, decided))
                .onTermination()
                .invoke(span::end);
    }

    private Uni<LocateTally> fanOut(UUID workloadId, List<Cluster> candidates, UpstreamRequest probe,
            List<ClusterResult> known) {
        fanOutWidth.record(candidates.size());
        List<Uni<ClusterResult>> asks = candidates.stream()
                .map(cluster -> ask(workloadId, cluster, probe))
                .toList();
        return gather(asks, LocateTally.expecting(candidates.size(), known));
    }

    /**
     * Runs every ask at once and completes as soon as the tally is decided, cancelling the asks still running.
     *
     * @param asks one per cluster; each must report failures as {@link ClusterResult.Failed}, never fail
     * @param tally the tally to fill, already expecting {@code asks.size()} more answers
     */
    static Uni<LocateTally> gather(List<Uni<ClusterResult>> asks, LocateTally tally) {
        return Multi.createBy()
                .merging()
                .withConcurrency(asks.size())
                .streams(asks.stream().map(Uni::toMulti).toList())
                .onItem()
                .transform(tally::add)
                .skip()
                .first(current -> !current.decided())
                .toUni();
    }

    private Uni<ClusterResult> ask(UUID workloadId, Cluster cluster, UpstreamRequest probe) {
        return clients.of(cluster)
                .send(probe)
                .map(response -> classify(workloadId, cluster, response))
                .onFailure()
                .recoverWithItem(failure -> new ClusterResult.Failed(cluster, reason(failure)));
    }

    /**
     * @return what a cluster's answer to a GET of the workload says; a 200 about another workload or from another
     *         cluster (by the ids in its body) is that cluster failing, never an owner
     */
    ClusterResult classify(UUID workloadId, Cluster cluster, UpstreamResponse response) {
        int status = response.status();
        if (status == 200) {
            WorkloadFields fields = WorkloadFields.of(json, response.body());
            Optional<String> mismatch = fields.mismatch(workloadId, cluster);
            if (mismatch.isPresent()) {
                Log.warnf("Cluster %s answered 200 to a read of workload %s with %s in its body; not taken as the owner",
                        cluster.name(), workloadId, mismatch.get());
                return new ClusterResult.Failed(cluster, "answered 200 about another workload or cluster");
            }
            return new ClusterResult.Found(new Owner(cluster, fields.projectId()), response);
        }
        if (status == 404) {
            return new ClusterResult.Absent(cluster);
        }
        if (status == 401 || status == 403) {
            return new ClusterResult.Refused(cluster, response);
        }
        return new ClusterResult.Failed(cluster, "answered " + status);
    }

    private static String reason(Throwable failure) {
        return failure instanceof UpstreamFailure upstream ? upstream.what() : "failed";
    }

    /**
     * Counts how a by-id request found its workload. A found or remembered owner is counted by the router once the
     * caller's owner check has judged it, so that a workload hidden from the caller counts as {@code not_found}, exactly
     * as one nowhere: the counter must not tell what the 404 does not.
     *
     * @param result {@code cache_hit}, {@code found}, {@code not_found}, {@code refused} or {@code unavailable}
     */
    void count(String result) {
        meters.counter(Meters.LOCATOR_RESULTS, Meters.RESULT, result).increment();
    }

    /**
     * The answer when no cluster holds the workload, and the one answer a caller gets for a workload it may not see.
     */
    static GatewayException notFound(UUID workloadId) {
        return GatewayException.notFound("No cluster holds workload " + workloadId + ".");
    }

    private ClusterResult outcome(UUID workloadId, LocateTally tally) {
        Optional<ClusterResult.Found> found = tally.found();
        if (found.isPresent()) {
            // counted by the router, after the owner check
            return found.get();
        }
        List<ClusterResult.Failed> failures = tally.failures();
        if (failures.isEmpty()) {
            count(tally.refusal().isPresent() ? "refused" : "not_found");
            return tally.refusal()
                    .map(ClusterResult.class::cast)
                    .orElseThrow(() -> notFound(workloadId));
        }
        String unanswered = failures.stream()
                .map(failed -> failed.cluster().name() + " (" + failed.reason() + ")")
                .collect(Collectors.joining(", "));
        Log.warnf("Workload %s not found and clusters could not answer: %s", workloadId, unanswered);
        count("unavailable");
        throw GatewayException.unavailable("Workload " + workloadId
                + " was not found on the clusters that answered, and these clusters could not answer: " + unanswered
                + ". It may exist there; try again later.");
    }
}
