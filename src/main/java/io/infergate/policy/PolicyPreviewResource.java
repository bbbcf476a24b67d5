package io.infergate.policy;

import java.util.List;
import java.util.UUID;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.infergate.api.GatewayException;
import io.infergate.contract.ContractValidator;
import io.infergate.contract.JsonBody;
import io.infergate.observability.Meters;
import io.infergate.observability.Outcomes;
import io.infergate.observability.RequestMetrics;
import io.infergate.routing.Cluster;
import io.infergate.routing.ClusterRegistry;
import io.infergate.routing.WorkloadRouter;
import io.infergate.security.Callers;
import io.infergate.security.Grants;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.ext.web.RoutingContext;

/**
 * What the policies would do, without calling any cluster: the body a create would send, with the policy and rule behind
 * every field they set or checked, and the effective policy of a scope.
 */
@Path("/infergate/v1")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class PolicyPreviewResource {

    private final Policies policies;
    private final ContractValidator contract;
    private final WorkloadRouter router;
    private final ClusterRegistry registry;
    private final Grants grants;
    private final Callers callers;
    private final SecurityIdentity identity;

    PolicyPreviewResource(Policies policies, ContractValidator contract, WorkloadRouter router, ClusterRegistry registry,
            Grants grants, Callers callers, SecurityIdentity identity) {
        this.policies = policies;
        this.contract = contract;
        this.router = router;
        this.registry = registry;
        this.grants = grants;
        this.callers = callers;
        this.identity = identity;
    }

    /**
     * The answer of a preview.
     *
     * @param compliant whether a create with this body would pass the policies
     * @param policies the policies of the create's scope, most general first
     * @param body the body a create would send (with the defaults), or the request as sent when it does not comply
     * @param applied every field a policy set (a default) or checked (a rule), with the policy and rule
     * @param complianceIssues what a create would be refused for
     */
    @RegisterForReflection
    public record Preview(boolean compliant, List<String> policies, JsonNode body, List<Applied> applied,
            List<ComplianceIssue> complianceIssues) {
    }

    @POST
    @Path("distributed-inferences/preview")
    @Consumes(MediaType.APPLICATION_JSON)
    public Preview preview(JsonBody request, RoutingContext routing) {
        RequestMetrics.operation(routing, "preview", "/infergate/v1/distributed-inferences/preview");
        if (request == null) {
            throw GatewayException.badRequest("Required parameter is missing", "The request body must be a JSON object.");
        }
        JsonNode tree = request.tree();
        contract.checkCreate(tree);
        RequestMetrics.cluster(routing, Meters.UNKNOWN);
        Cluster cluster = router.clusterFor(tree);
        RequestMetrics.cluster(routing, cluster.name());
        grants.checkCreate(callers.of(identity), cluster, tree.path("projectId").asText(null));
        PolicyOutcome outcome = policies.preview(cluster.name(), (ObjectNode) tree);
        RequestMetrics.outcome(routing, outcome.compliant() ? Outcomes.PREVIEWED : Outcomes.REJECTED_POLICY);
        return new Preview(outcome.compliant(), outcome.policies(), outcome.compliant() ? outcome.body() : tree,
                outcome.applied(), outcome.issues());
    }

    @GET
    @Path("policies/effective")
    public ObjectNode effective(@QueryParam("clusterId") String clusterId, @QueryParam("projectId") String projectId) {
        if (clusterId == null || projectId == null || projectId.isBlank()) {
            throw GatewayException.badRequest("Required parameter is missing",
                    "Give both clusterId and projectId, e.g. ?clusterId=<uuid>&projectId=4.");
        }
        Cluster cluster;
        try {
            cluster = registry.byId(UUID.fromString(clusterId)).orElse(null);
        } catch (IllegalArgumentException e) {
            cluster = null;
        }
        if (cluster == null) {
            throw GatewayException.badRequest("Unknown clusterId",
                    "No cluster has clusterId " + clusterId + "; known clusters: " + registry.describe() + ".");
        }
        return policies.current().effective(cluster.name(), projectId);
    }
}
