package io.infergate.routing;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.infergate.api.GatewayException;
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

    private static final Pattern UUID_TEXT = Pattern
            .compile("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");

    private final ClusterRegistry registry;
    private final UpstreamClients clients;
    private final WorkloadLocator locator;
    private final JsonFactory json;
    private final Duration deadline;

    WorkloadRouter(ClusterRegistry registry, UpstreamClients clients, WorkloadLocator locator, ObjectMapper mapper,
            ClustersConfig config) {
        this.deadline = config.locator().deadline();
        this.registry = registry;
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
        if (text == null || !UUID_TEXT.matcher(text).matches()) {
            throw GatewayException.badRequest("Invalid workloadId",
                    "workloadId must be a UUID such as 3fa85f64-5717-4562-b3fc-2c963f66afa6.");
        }
        return UUID.fromString(text);
    }

    /**
     * @param body the create request, already known to be a JSON object
     * @return the cluster its {@code clusterId} names
     * @throws GatewayException 400 when {@code clusterId} is missing, not a UUID or not a configured cluster
     */
    public Cluster clusterFor(JsonNode body) {
        JsonNode clusterId = body.get("clusterId");
        if (clusterId == null || !clusterId.isTextual() || !UUID_TEXT.matcher(clusterId.textValue()).matches()) {
            throw GatewayException.badRequest("Required parameter is missing",
                    "clusterId must be the UUID of a cluster; known clusters: " + registry.describe() + ".");
        }
        return registry.byId(UUID.fromString(clusterId.textValue()))
                .orElseThrow(() -> GatewayException.badRequest("Unknown clusterId",
                        "No cluster has clusterId " + clusterId.textValue() + "; known clusters: " + registry.describe()
                                + "."));
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
     */
    public Uni<UpstreamResponse> byId(UUID workloadId, UpstreamRequest request, OwnerCheck check) {
        return Uni.createFrom()
                .deferred(() -> locator.cached(workloadId)
                        .map(owner -> sendToRemembered(workloadId, owner, request, check))
                        .orElseGet(() -> locateThenSend(workloadId, request, check, List.of())))
                .ifNoItem()
                .after(deadline)
                .failWith(() -> new GatewayException(504, "Gateway timeout.", "Workload " + workloadId
                        + " could not be located and " + request.operation().label() + " completed within "
                        + deadline.toSeconds() + " s."
                        + (request.operation().idempotent() && request.operation() != Operation.GET
                                ? " The request may have been applied; it is safe to send again."
                                : "")));
    }

    private static GatewayException ambiguousCreate(UpstreamFailure failure, JsonNode body) {
        Log.warnf("Create may have been applied and was not resent: %s", failure.getMessage());
        boolean timedOut = failure instanceof UpstreamFailure.TimedOut;
        return new GatewayException(timedOut ? 504 : 502, timedOut ? "Gateway timeout." : "Bad gateway.",
                "Cluster " + failure.cluster().name() + " " + failure.what() + " after the create was sent, so workload '"
                        + shown(body.path("name").asText("")) + "' may have been created in project "
                        + shown(body.path("projectId").asText("")) + ". InferGate did not resend it. Look for the "
                        + "workload by name in that project before creating it again; a resend answered 409 means "
                        + "the first one was created.");
    }

    private static String shown(String value) {
        return value.length() <= 63 ? value : value.substring(0, 63) + "...";
    }

    private Uni<UpstreamResponse> sendToRemembered(UUID workloadId, Owner owner, UpstreamRequest request,
            OwnerCheck check) {
        admit(workloadId, owner, check);
        return clients.of(owner.cluster())
                .send(request)
                .chain(response -> response.status() == 404
                        ? relocate(workloadId, owner.cluster(), request, check)
                        : Uni.createFrom().item(response));
    }

    private Uni<UpstreamResponse> relocate(UUID workloadId, Cluster staleOwner, UpstreamRequest request,
            OwnerCheck check) {
        locator.forget(workloadId);
        return locateThenSend(workloadId, request, check, List.of(new ClusterResult.Absent(staleOwner)));
    }

    private Uni<UpstreamResponse> locateThenSend(UUID workloadId, UpstreamRequest request, OwnerCheck check,
            List<ClusterResult> known) {
        return locator.locate(workloadId, request.asGet(workloadPath(workloadId)), known)
                .chain(located -> afterLocate(workloadId, located, request, check));
    }

    private Uni<UpstreamResponse> afterLocate(UUID workloadId, ClusterResult located, UpstreamRequest request,
            OwnerCheck check) {
        if (located instanceof ClusterResult.Found found) {
            Owner owner = locator.ownerOf(found);
            locator.remember(workloadId, owner);
            admit(workloadId, owner, check);
            return request.operation() == Operation.GET
                    ? Uni.createFrom().item(found.response())
                    : clients.of(found.cluster()).send(request);
        }
        if (located instanceof ClusterResult.Refused refused) {
            return Uni.createFrom().item(refused.response());
        }
        throw new IllegalStateException("locate decides on a found workload or a refusal, not " + located);
    }

    private static void admit(UUID workloadId, Owner owner, OwnerCheck check) {
        if (check.admit(owner) == OwnerCheck.Verdict.HIDE) {
            throw WorkloadLocator.notFound(workloadId);
        }
    }

    /**
     * @return the API path of one workload
     */
    public static String workloadPath(UUID workloadId) {
        return COLLECTION + "/" + workloadId;
    }

    private void rememberCreated(Cluster cluster, UpstreamResponse response) {
        if (response.status() / 100 != 2) {
            return;
        }
        WorkloadFields created = WorkloadFields.of(json, response.body());
        if (created.workloadId() != null && UUID_TEXT.matcher(created.workloadId()).matches()) {
            locator.remember(UUID.fromString(created.workloadId()), new Owner(cluster, created.projectId()));
        }
    }
}
