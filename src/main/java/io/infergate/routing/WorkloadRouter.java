package io.infergate.routing;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.infergate.cluster.Cluster;
import io.infergate.cluster.Owner;
import io.infergate.cluster.UsableClusters;
import io.infergate.error.GatewayException;
import io.infergate.security.OwnerCheck;
import io.infergate.security.Verdict;
import io.infergate.upstream.Operation;
import io.infergate.upstream.UpstreamClients;
import io.infergate.upstream.UpstreamFailure;
import io.infergate.upstream.UpstreamRequest;
import io.infergate.upstream.UpstreamResponse;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;

/**
 * Sends each operation to the cluster that should get it: a create to the cluster its {@code clusterId} names; a get,
 * patch or delete to the cluster that owns the workload, found through the {@link WorkloadLocator}. Patch and delete go
 * to the owner only, never to every cluster.
 */
@Singleton
public class WorkloadRouter {

    /** The API path of the collection; a workload's path appends {@code /{workloadId}}. */
    public static final String COLLECTION = "/api/v1/workloads/distributed-inferences";

    private final UpstreamClients clients;
    private final WorkloadLocator locator;
    private final JsonFactory json;
    private final Duration deadline;

    WorkloadRouter(UpstreamClients clients, WorkloadLocator locator, ObjectMapper mapper, LocatorConfig config) {
        this.deadline = config.deadline();
        this.clients = clients;
        this.locator = locator;
        this.json = mapper.getFactory();
    }

    /**
     * Parses a {@code workloadId} strictly, before it goes into any URL. {@link UUID#fromString} alone would accept
     * {@code 1-2-3-4-5}.
     *
     * @throws GatewayException 400 when it is not a UUID in canonical form
     */
    public static UUID workloadId(String text) {
        return CanonicalUuid.parse(text)
                .orElseThrow(() -> GatewayException.badRequest("Invalid workloadId",
                        "workloadId must be a UUID such as 3fa85f64-5717-4562-b3fc-2c963f66afa6."));
    }

    /**
     * @param body the create request, already known to be a JSON object
     * @param usable the clusters the caller may use
     * @return the cluster its {@code clusterId} names
     * @throws GatewayException 400 when {@code clusterId} is missing, not a UUID or not a cluster the caller may use
     */
    public static Cluster clusterFor(JsonNode body, UsableClusters usable) {
        JsonNode clusterId = body.get("clusterId");
        return cluster(clusterId != null && clusterId.isTextual() ? clusterId.textValue() : null, usable);
    }

    /**
     * Finds a cluster by its id among those the caller may use. A configured cluster the caller may not use gets exactly
     * the answer of an id no cluster has, and the message names only the usable clusters: which clusters exist, by name
     * or id, is not told to a caller who may use none of them.
     *
     * @param clusterId the {@code clusterId} as given, or {@code null}
     * @param usable the clusters the caller may use
     * @throws GatewayException 400 when it is missing, not a UUID in canonical form (read strictly, as a
     *         {@code workloadId}), or not the id of a usable cluster; 403, whatever the id, when the caller may use no
     *         cluster at all
     */
    public static Cluster cluster(String clusterId, UsableClusters usable) {
        UUID id = CanonicalUuid.parse(clusterId)
                .orElseThrow(() -> GatewayException.badRequest("Required parameter is missing",
                        "clusterId must be the UUID of a cluster. " + usable.sentence()));
        if (usable.clusters().isEmpty()) {
            throw GatewayException.forbidden(usable.sentence());
        }
        return usable.byId(id)
                .orElseThrow(() -> GatewayException.badRequest("Unknown clusterId",
                        "No cluster you may use has clusterId " + id + ". " + usable.sentence()));
    }

    /**
     * Sends a create to its cluster and remembers the new workload's owner. A create that may have reached the control
     * plane but got no answer is never resent (it has no idempotency key): the caller is told to look before retrying.
     * The failure the guard reports is the request's, not its last attempt's (a retry it did not send after an attempt
     * that was sent reports that attempt), so "may have been created" is never lost to a later "not sent".
     *
     * @param body the create request, for the name and project an ambiguous failure must mention
     */
    public Uni<UpstreamResponse> create(Cluster cluster, UpstreamRequest request, JsonNode body) {
        return clients.of(cluster)
                .send(request)
                .onFailure(failure -> failure instanceof UpstreamFailure upstream && upstream.reachedUpstream())
                .transform(failure -> ambiguousCreate((UpstreamFailure) failure, body))
                .invoke(response -> rememberCreated(cluster, response));
    }

    /**
     * Sends a get, patch or delete to the workload's owner, locating it first when the owner is not known or the
     * remembered owner no longer has it; all within {@code infergate.locator.deadline}. Once the owner is known the check
     * decides, before a patch or delete is sent and before a get's answer is returned; a hidden workload gets exactly the
     * 404 of a workload no cluster holds.
     *
     * @param usable the clusters the caller may use: the only ones asked when the workload is located
     * @param onShown told the owner's cluster once the check has let the caller know of the workload
     */
    public Uni<UpstreamResponse> byId(UUID workloadId, UpstreamRequest request, OwnerCheck check,
            UsableClusters usable, Consumer<Cluster> onShown) {
        Lookup lookup = new Lookup(workloadId, request, check, usable, onShown);
        return Uni.createFrom()
                .deferred(() -> locator.cached(workloadId)
                        .map(owner -> sendToRemembered(lookup, owner))
                        .orElseGet(() -> locateThenSend(lookup, List.of())))
                .ifNoItem()
                .after(deadline)
                .failWith(() -> GatewayException.gatewayTimeout("Workload " + workloadId
                        + " could not be located and " + request.operation().label() + " completed within "
                        + deadline.toSeconds() + " s."
                        + (request.operation().idempotent() && request.operation() != Operation.GET
                                ? " The request may have been applied; it is safe to send again."
                                : "")));
    }

    private static GatewayException ambiguousCreate(UpstreamFailure failure, JsonNode body) {
        Log.warnf("Create may have been applied and was not resent: %s", failure.getMessage());
        boolean timedOut = failure instanceof UpstreamFailure.TimedOut;
        return new GatewayException(timedOut ? 504 : 502,
                timedOut ? GatewayException.GATEWAY_TIMEOUT : GatewayException.BAD_GATEWAY,
                "Cluster " + failure.cluster().name() + " " + failure.what() + " after the create was sent, so workload '"
                        + shown(body.path("name").asText("")) + "' may have been created in project "
                        + shown(body.path("projectId").asText("")) + ". InferGate did not resend it. Look for the "
                        + "workload by name in that project before creating it again; a resend answered 409 means "
                        + "the first one was created.");
    }

    private static String shown(String value) {
        return value.length() <= 63 ? value : value.substring(0, 63) + "...";
    }

    private Uni<UpstreamResponse> sendToRemembered(Lookup lookup, Owner owner) {
        admit(lookup, owner, "cache_hit");
        return clients.of(owner.cluster())
                .send(lookup.request())
                .chain(response -> afterRemembered(lookup, owner.cluster(), response));
    }

    /**
     * A remembered owner that no longer has the workload (404), or whose read of it is about another workload or
     * cluster, is forgotten and counts as that cluster's answer in the fan-out that follows.
     */
    private Uni<UpstreamResponse> afterRemembered(Lookup lookup, Cluster owner, UpstreamResponse response) {
        ClusterResult known;
        if (response.status() == 404) {
            known = new ClusterResult.Absent(owner);
        } else if (lookup.request().operation() == Operation.GET && response.status() == 200) {
            known = locator.classify(lookup.workloadId(), owner, response);
            if (known instanceof ClusterResult.Found) {
                return Uni.createFrom().item(response);
            }
        } else {
            return Uni.createFrom().item(response);
        }
        locator.forget(lookup.workloadId());
        return locateThenSend(lookup, List.of(known));
    }

    private Uni<UpstreamResponse> locateThenSend(Lookup lookup, List<ClusterResult> known) {
        return locator.locate(lookup.workloadId(), lookup.request().asGet(workloadPath(lookup.workloadId())), known,
                lookup.usable())
                .chain(located -> afterLocate(lookup, located));
    }

    private Uni<UpstreamResponse> afterLocate(Lookup lookup, ClusterResult located) {
        if (located instanceof ClusterResult.Found found) {
            locator.remember(lookup.workloadId(), found.owner());
            admit(lookup, found.owner(), "found");
            return lookup.request().operation() == Operation.GET
                    ? Uni.createFrom().item(found.response())
                    : clients.of(found.cluster()).send(lookup.request());
        }
        if (located instanceof ClusterResult.Refused refused) {
            return Uni.createFrom().item(refused.response());
        }
        throw new IllegalStateException("locate decides on a found workload or a refusal, not " + located);
    }

    /**
     * Applies the owner check after a workload's owner is found or recalled, and only then counts the locate result and
     * shows the owner to the caller's request: a workload hidden from the caller is counted as {@code not_found}, as
     * one no cluster holds, and its cluster is never shown. A forbidden operation, or a further check that refuses by
     * throwing (a patch's policy), has told the caller that the workload is there, so the result counts as it was.
     */
    private void admit(Lookup lookup, Owner owner, String result) {
        // a check that throws has allowed the caller to know of the workload: it counts as allowed
        Verdict verdict = Verdict.ALLOW;
        try {
            verdict = lookup.check().admit(owner);
        } finally {
            boolean hidden = verdict instanceof Verdict.Hide;
            locator.count(hidden ? "not_found" : result);
            if (!hidden) {
                lookup.onShown().accept(owner.cluster());
            }
        }
        if (verdict instanceof Verdict.Hide) {
            throw WorkloadLocator.notFound(lookup.workloadId());
        }
        if (verdict instanceof Verdict.Forbid forbid) {
            throw forbid.error();
        }
    }

    /**
     * @return the API path of one workload
     */
    public static String workloadPath(UUID workloadId) {
        return COLLECTION + "/" + workloadId;
    }

    /**
     * Remembers the owner of a created workload, but only from an answer that names a workload and this very cluster: a
     * control plane naming another cluster is not believed about where the workload lives.
     */
    private void rememberCreated(Cluster cluster, UpstreamResponse response) {
        if (response.status() / 100 != 2) {
            return;
        }
        WorkloadFields created = WorkloadFields.of(json, response.body());
        Optional<UUID> workloadId = CanonicalUuid.parse(created.workloadId());
        if (workloadId.isEmpty()) {
            return;
        }
        Optional<String> mismatch = created.mismatch(workloadId.get(), cluster);
        if (mismatch.isPresent()) {
            Log.warnf("Cluster %s answered the create of workload %s with %s in its body; its owner is not remembered",
                    cluster.name(), workloadId.get(), mismatch.get());
            return;
        }
        locator.remember(workloadId.get(), new Owner(cluster, created.projectId()));
    }

    /**
     * One get, patch or delete on its way to the workload's owner.
     *
     * @param check the caller's owner check
     * @param usable the clusters the caller may use
     * @param onShown told the owner's cluster once the caller may know of the workload
     */
    private record Lookup(UUID workloadId, UpstreamRequest request, OwnerCheck check, UsableClusters usable,
            Consumer<Cluster> onShown) {
    }
}
