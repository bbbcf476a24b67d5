package io.infergate.api;

import java.util.List;
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

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.infergate.cluster.Cluster;
import io.infergate.contract.JsonBody;
import io.infergate.idempotency.IdempotentCreates;
import io.infergate.lifecycle.WorkloadFollowUps;
import io.infergate.limits.LimitedRequest;
import io.infergate.limits.RateLimits;
import io.infergate.observability.Outcomes;
import io.infergate.observability.RequestMetrics;
import io.infergate.policy.PolicyOutcome;
import io.infergate.routing.WorkloadRouter;
import io.infergate.upstream.ForwardedHeaders;
import io.infergate.upstream.Operation;
import io.infergate.upstream.UpstreamRequest;
import io.infergate.upstream.UpstreamResponse;
import io.opentelemetry.context.Context;
import io.quarkus.security.Authenticated;
import io.quarkus.security.credential.TokenCredential;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

/**
 * The four Run:ai Distributed Inferences operations, at the vendor paths. Every caller presents an OIDC bearer token;
 * what it may do is decided by the grants (a create on its body, the rest once the workload is located), and only the
 * clusters it may use are named to it or asked for it. Bodies stay raw bytes from the caller to the control plane; the
 * control plane's status and body come back unchanged.
 */
@Path(WorkloadRouter.COLLECTION)
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class DistributedInferencesResource {

    /** The response header of a create that lists the policies of its scope. */
    public static final String POLICIES_HEADER = "X-InferGate-Policies";
    private static final String BEARER = "Bearer ";
    /** The route template of the by-id operations, as the access log shows it. */
    static final String WORKLOAD_ROUTE = WorkloadRouter.COLLECTION + "/{workloadId}";

    private final WorkloadRouter router;
    private final Admission admission;
    private final SecurityIdentity identity;
    private final ObjectMapper mapper;
    private final WorkloadFollowUps followUps;
    private final RateLimits limits;
    private final IdempotentCreates idempotent;

    DistributedInferencesResource(WorkloadRouter router, Admission admission, SecurityIdentity identity,
            ObjectMapper mapper, WorkloadFollowUps followUps, RateLimits limits, IdempotentCreates idempotent) {
        this.limits = limits;
        this.idempotent = idempotent;
        this.router = router;
        this.admission = admission;
        this.identity = identity;
        this.mapper = mapper;
        this.followUps = followUps;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> create(JsonBody body, HttpHeaders headers, RoutingContext routing)
            throws JsonProcessingException {
        RequestMetrics.operation(routing, Operation.CREATE.label(), WorkloadRouter.COLLECTION);
        Admission.Create create = admission.create(body, routing);
        PolicyOutcome outcome = admission.applyPolicies(create);
        Buffer sent = outcome.changed() ? Buffer.buffer(mapper.writeValueAsBytes(outcome.body())) : body.raw();
        UpstreamRequest request = new UpstreamRequest(Operation.CREATE, WorkloadRouter.COLLECTION, forwarded(headers),
                sent, Context.current());
        Cluster cluster = create.cluster();
        // rate limits (io.infergate.limits), then the Idempotency-Key (io.infergate.idempotency): both before anything is sent
        LimitedRequest limited = new LimitedRequest(Operation.CREATE, create.caller(),
                create.body().path("projectId").asText(null), cluster.name());
        return limits.check(routing, limited)
                .chain(() -> idempotent.create(routing, headers.getRequestHeader("Idempotency-Key"), create.caller(),
                        body.raw(), outcome.body(), () -> router.create(cluster, request, outcome.body())
                                .invoke(answer -> followUps.created(cluster, answer, request.authorization()))
                                .map(answer -> withPolicies(toResponse(answer, routing), outcome.policies()))));
    }

    @GET
    @Path("{workloadId}")
    public Uni<Response> get(@PathParam("workloadId") String workloadId, HttpHeaders headers, RoutingContext routing) {
        RequestMetrics.operation(routing, Operation.GET.label(), WORKLOAD_ROUTE);
        Admission.ById access = admission.byId(Operation.GET, routing);
        return send(Operation.GET, WorkloadRouter.workloadId(workloadId), headers, null, access, routing);
    }

    @PATCH
    @Path("{workloadId}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> patch(@PathParam("workloadId") String workloadId, JsonBody body, HttpHeaders headers,
            RoutingContext routing) {
        RequestMetrics.operation(routing, Operation.PATCH.label(), WORKLOAD_ROUTE);
        UUID id = WorkloadRouter.workloadId(workloadId);
        JsonNode patch = Admission.required(body).tree();
        return send(Operation.PATCH, id, headers, body.raw(), admission.patch(patch, routing), routing);
    }

    @DELETE
    @Path("{workloadId}")
    public Uni<Response> delete(@PathParam("workloadId") String workloadId, HttpHeaders headers,
            RoutingContext routing) {
        RequestMetrics.operation(routing, Operation.DELETE.label(), WORKLOAD_ROUTE);
        Admission.ById access = admission.byId(Operation.DELETE, routing);
        return send(Operation.DELETE, WorkloadRouter.workloadId(workloadId), headers, null, access, routing);
    }

    /**
     * The cluster is noted only once the check has let the caller know of the workload: a hidden one is tagged as one no
     * cluster holds, so the request meter tells no more than the 404.
     */
    private Uni<Response> send(Operation operation, UUID id, HttpHeaders headers, Buffer body, Admission.ById access,
            RoutingContext routing) {
        UpstreamRequest request = new UpstreamRequest(operation, WorkloadRouter.workloadPath(id), forwarded(headers),
                body, Context.current());
        // rate limits (io.infergate.limits) before anything is sent, the locate's reads included
        return limits.check(routing, LimitedRequest.byId(operation, access.caller()))
                .chain(() -> router.byId(id, request, access.check(), access.usable(),
                        cluster -> RequestMetrics.cluster(routing, cluster.name())))
                .map(answer -> toResponse(answer, routing));
    }

    /**
     * The allowed headers, with the credential Quarkus OIDC verified for this request as {@code Authorization} (which
     * the lifecycle follow-ups of a create reuse). With tracing on, each attempt replaces the caller's trace context
     * with its own span's ({@link io.infergate.upstream.ClusterGuard}); with tracing off, the caller's travels as it
     * came.
     */
    private Map<String, String> forwarded(HttpHeaders headers) {
        TokenCredential verified = identity.getCredential(TokenCredential.class);
        return ForwardedHeaders.towardsUpstream(verified == null ? null : BEARER + verified.getToken(),
                headers::getRequestHeader);
    }

    /**
     * Names the policies of the create's scope, so a caller can tell where a value it did not send came from.
     */
    private static Response withPolicies(Response response, List<String> names) {
        return names.isEmpty()
                ? response
                : Response.fromResponse(response).header(POLICIES_HEADER, String.join(", ", names)).build();
    }

    private static Response toResponse(UpstreamResponse upstream, RoutingContext routing) {
        RequestMetrics.cluster(routing, upstream.cluster().name());
        RequestMetrics.outcome(routing, Outcomes.FORWARDED);
        Response.ResponseBuilder response = Response.status(upstream.status()).entity(upstream.body());
        upstream.headers().forEach(header -> response.header(header.getKey(), header.getValue()));
        if (upstream.headers().get("content-type") == null) {
            response.type(MediaType.APPLICATION_JSON_TYPE);
        }
        return response.build();
    }
}
