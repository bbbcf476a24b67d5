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
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.infergate.contract.ContractValidator;
import io.infergate.contract.JsonBody;
import io.infergate.idempotency.IdempotentCreates;
import io.infergate.lifecycle.WorkloadFollowUps;
import io.infergate.limits.LimitedRequest;
import io.infergate.limits.RateLimits;
import io.infergate.observability.Meters;
import io.infergate.observability.Outcomes;
import io.infergate.observability.RequestMetrics;
import io.infergate.observability.Spans;
import io.infergate.policy.Applied;
import io.infergate.policy.Policies;
import io.infergate.policy.PolicyOutcome;
import io.infergate.routing.Cluster;
import io.infergate.routing.ClusterIdHelp;
import io.infergate.routing.OwnerCheck;
import io.infergate.routing.UsableClusters;
import io.infergate.routing.WorkloadRouter;
import io.infergate.security.Caller;
import io.infergate.security.Callers;
import io.infergate.security.Grants;
import io.infergate.upstream.ForwardedHeaders;
import io.infergate.upstream.Operation;
import io.infergate.upstream.UpstreamRequest;
import io.infergate.upstream.UpstreamResponse;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.quarkus.security.Authenticated;
import io.quarkus.security.credential.TokenCredential;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

/**
 * The four Run:ai Distributed Inferences operations, at the vendor paths. Every caller presents an OIDC bearer token;
 * what it may do is decided by {@link Grants} (a create on its body, the rest once the workload is located), and only the
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
    private final ContractValidator contract;
    private final Grants grants;
    private final Callers callers;
    private final SecurityIdentity identity;
    private final Policies policies;
    private final ObjectMapper mapper;
    private final MeterRegistry registry;
    private final Tracer tracer;
    private final WorkloadFollowUps followUps;
    private final RateLimits limits;
    private final IdempotentCreates idempotent;

    DistributedInferencesResource(WorkloadRouter router, ContractValidator contract, Grants grants, Callers callers,
            SecurityIdentity identity, Policies policies, ObjectMapper mapper, MeterRegistry registry,
            OpenTelemetry telemetry, WorkloadFollowUps followUps, RateLimits limits, IdempotentCreates idempotent) {
        this.followUps = followUps;
        this.limits = limits;
        this.idempotent = idempotent;
        this.registry = registry;
        this.tracer = telemetry.getTracer("io.infergate");
        this.router = router;
        this.contract = contract;
        this.grants = grants;
        this.callers = callers;
        this.identity = identity;
        this.policies = policies;
        this.mapper = mapper;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> create(JsonBody body, HttpHeaders headers, RoutingContext routing)
            throws JsonProcessingException {
        RequestMetrics.operation(routing, Operation.CREATE.label(), WorkloadRouter.COLLECTION);
        JsonNode tree = required(body).tree();
        Caller caller = caller(routing);
        UsableClusters usable = grants.usable(caller);
        ClusterIdHelp.offer(routing, usable);
        Spans.within(tracer, Spans.VALIDATE, () -> contract.checkCreate(tree));
        RequestMetrics.cluster(routing, Meters.UNKNOWN);
        Cluster cluster = WorkloadRouter.clusterFor(tree, usable);
        RequestMetrics.cluster(routing, cluster.name());
        grants.checkCreate(caller, cluster, tree.path("projectId").asText(null));
        PolicyOutcome outcome = Spans.within(tracer, Spans.POLICY, () -> policies.apply(cluster.name(), (ObjectNode) tree));
        outcome.applied()
                .stream()
                .filter(applied -> applied.action() == Applied.Action.DEFAULT)
                .forEach(applied -> registry.counter(Meters.POLICY_DEFAULTS_APPLIED, Meters.POLICY, applied.policy())
                        .increment());
        Buffer sent = outcome.changed() ? Buffer.buffer(mapper.writeValueAsBytes(outcome.body())) : body.raw();
        UpstreamRequest request = new UpstreamRequest(Operation.CREATE, WorkloadRouter.COLLECTION, forwarded(headers),
                sent, Context.current());
        // rate limits (io.infergate.limits), then the Idempotency-Key (io.infergate.idempotency): both before anything is sent
        LimitedRequest limited = new LimitedRequest(Operation.CREATE, caller, tree.path("projectId").asText(null),
                cluster.name());
        return limits.check(routing, limited)
                .chain(() -> idempotent.create(routing, headers.getRequestHeader("Idempotency-Key"), caller, body.raw(),
                        outcome.body(), () -> router.create(cluster, request, outcome.body())
                                .invoke(answer -> followUps.created(cluster, answer, request.authorization()))
                                .map(answer -> withPolicies(toResponse(answer, routing), outcome.policies()))));
    }

    @GET
    @Path("{workloadId}")
    public Uni<Response> get(@PathParam("workloadId") String workloadId, HttpHeaders headers, RoutingContext routing) {
        RequestMetrics.operation(routing, Operation.GET.label(), WORKLOAD_ROUTE);
        Caller caller = caller(routing);
        return send(Operation.GET, WorkloadRouter.workloadId(workloadId), headers, null,
                grants.byId(caller, Operation.GET), caller, routing);
    }

    @PATCH
    @Path("{workloadId}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> patch(@PathParam("workloadId") String workloadId, JsonBody body, HttpHeaders headers,
            RoutingContext routing) {
        RequestMetrics.operation(routing, Operation.PATCH.label(), WORKLOAD_ROUTE);
        UUID id = WorkloadRouter.workloadId(workloadId);
        JsonNode patch = required(body).tree();
        Spans.within(tracer, Spans.VALIDATE, () -> contract.checkPatch(patch));
        Caller caller = caller(routing);
        OwnerCheck access = grants.byId(caller, Operation.PATCH);
        OwnerCheck accessAndPolicy = owner -> {
            OwnerCheck.Verdict verdict = access.admit(owner);
            if (verdict == OwnerCheck.Verdict.ALLOW) {
                policies.checkPatch(owner, patch);
            }
            return verdict;
        };
        return send(Operation.PATCH, id, headers, body.raw(), accessAndPolicy, caller, routing);
    }

    @DELETE
    @Path("{workloadId}")
    public Uni<Response> delete(@PathParam("workloadId") String workloadId, HttpHeaders headers,
            RoutingContext routing) {
        RequestMetrics.operation(routing, Operation.DELETE.label(), WORKLOAD_ROUTE);
        Caller caller = caller(routing);
        return send(Operation.DELETE, WorkloadRouter.workloadId(workloadId), headers, null,
                grants.byId(caller, Operation.DELETE), caller, routing);
    }

    /**
     * @return the caller, noted for the access log
     */
    private Caller caller(RoutingContext routing) {
        Caller caller = callers.of(identity);
        RequestMetrics.subject(routing, caller.subject());
        return caller;
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

    private Uni<Response> send(Operation operation, UUID id, HttpHeaders headers, Buffer body, OwnerCheck check,
            Caller caller, RoutingContext routing) {
        UsableClusters usable = grants.usable(caller);
        UpstreamRequest request = new UpstreamRequest(operation, WorkloadRouter.workloadPath(id), forwarded(headers),
                body, Context.current());
        // the cluster is noted only once the check has let the caller know of the workload: a hidden one is tagged as one
        // no cluster holds, so the request meter tells no more than the 404
        OwnerCheck tagged = owner -> {
            OwnerCheck.Verdict verdict = null;
            try {
                verdict = check.admit(owner);
                return verdict;
            } finally {
                if (verdict != OwnerCheck.Verdict.HIDE) {
                    RequestMetrics.cluster(routing, owner.cluster().name());
                }
            }
        };
        // rate limits (io.infergate.limits) before anything is sent, the locate's reads included
        return limits.check(routing, LimitedRequest.byId(operation, caller))
                .chain(() -> router.byId(id, request, tagged, usable))
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
