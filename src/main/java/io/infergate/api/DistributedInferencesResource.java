package io.infergate.api;

import java.util.Map;
import java.util.UUID;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.infergate.contract.ContractValidator;
import io.infergate.contract.JsonBody;
import io.infergate.routing.Cluster;
import io.infergate.routing.WorkloadRouter;
import io.infergate.security.Callers;
import io.infergate.security.Grants;
import io.infergate.upstream.ForwardedHeaders;
import io.infergate.upstream.Operation;
import io.infergate.upstream.UpstreamRequest;
import io.infergate.upstream.UpstreamResponse;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;

/**
 * The four Run:ai Distributed Inferences operations, at the vendor paths. Every caller presents an OIDC bearer token;
 * what it may do is decided by {@link Grants} (a create on its body, the rest once the workload is located). Bodies stay
 * raw bytes from the caller to the control plane; the control plane's status and body come back unchanged.
 */
@Path(WorkloadRouter.COLLECTION)
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class DistributedInferencesResource {

    private final WorkloadRouter router;
    private final ContractValidator contract;
    private final Grants grants;
    private final Callers callers;
    private final SecurityIdentity identity;

    DistributedInferencesResource(WorkloadRouter router, ContractValidator contract, Grants grants, Callers callers,
            SecurityIdentity identity) {
        this.router = router;
        this.contract = contract;
        this.grants = grants;
        this.callers = callers;
        this.identity = identity;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> create(JsonBody body, HttpHeaders headers) {
        contract.checkCreate(required(body).tree());
        Cluster cluster = router.clusterFor(body.tree());
        grants.checkCreate(callers.of(identity), cluster, body.tree().path("projectId").asText(null));
        UpstreamRequest request = new UpstreamRequest(Operation.CREATE, WorkloadRouter.COLLECTION, forwarded(headers),
                body.raw());
        return router.create(cluster, request, body.tree())
                .map(DistributedInferencesResource::toResponse);
    }

    @GET
    @Path("{workloadId}")
    public Uni<Response> get(@PathParam("workloadId") String workloadId, HttpHeaders headers) {
        return send(Operation.GET, WorkloadRouter.workloadId(workloadId), headers, null);
    }

    @PATCH
    @Path("{workloadId}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> patch(@PathParam("workloadId") String workloadId, JsonBody body, HttpHeaders headers) {
        UUID id = WorkloadRouter.workloadId(workloadId);
        contract.checkPatch(required(body).tree());
        return send(Operation.PATCH, id, headers, body.raw());
    }

    @DELETE
    @Path("{workloadId}")
    public Uni<Response> delete(@PathParam("workloadId") String workloadId, HttpHeaders headers) {
        return send(Operation.DELETE, WorkloadRouter.workloadId(workloadId), headers, null);
    }

    /**
     * An empty body never reaches the reader; it is as wrong as a malformed one.
     */
    private static JsonBody required(JsonBody body) {
        if (body == null) {
            throw GatewayException.badRequest("Required parameter is missing", "The request body must be a JSON object.");
        }
        return body;
    }

    private Uni<Response> send(Operation operation, UUID id, HttpHeaders headers, Buffer body) {
        UpstreamRequest request = new UpstreamRequest(operation, WorkloadRouter.workloadPath(id), forwarded(headers),
                body);
        return router.byId(id, request, grants.byId(callers.of(identity), operation))
                .map(DistributedInferencesResource::toResponse);
    }

    private static Map<String, String> forwarded(HttpHeaders headers) {
        return ForwardedHeaders.towardsUpstream(name -> {
            var values = headers.getRequestHeader(name);
            return values == null || values.isEmpty() ? null : String.join(",", values);
        });
    }

    private static Response toResponse(UpstreamResponse upstream) {
        Response.ResponseBuilder response = Response.status(upstream.status()).entity(upstream.body());
        upstream.headers().forEach(header -> response.header(header.getKey(), header.getValue()));
        if (upstream.headers().get("content-type") == null) {
            response.type(MediaType.APPLICATION_JSON_TYPE);
        }
        return response.build();
    }
}
