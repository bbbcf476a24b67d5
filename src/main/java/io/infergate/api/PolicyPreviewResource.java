package io.infergate.api;

import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.infergate.cluster.Cluster;
import io.infergate.contract.JsonBody;
import io.infergate.error.GatewayException;
import io.infergate.observability.Outcomes;
import io.infergate.observability.RequestMetrics;
import io.infergate.policy.Applied;
import io.infergate.policy.ComplianceIssue;
import io.infergate.policy.Policies;
import io.infergate.policy.PolicyOutcome;
import io.infergate.routing.WorkloadRouter;
import io.infergate.security.Caller;
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

    private final Admission admission;
    private final Policies policies;
    private final Grants grants;
    private final Callers callers;
    private final SecurityIdentity identity;

    PolicyPreviewResource(Admission admission, Policies policies, Grants grants, Callers callers,
            SecurityIdentity identity) {
        this.admission = admission;
        this.policies = policies;
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
        // the same steps as a create, in the same order, so a preview answers (or refuses) exactly as the create would
        Admission.Create create = admission.create(request, routing);
        PolicyOutcome outcome = admission.previewPolicies(create);
        RequestMetrics.outcome(routing, outcome.compliant() ? Outcomes.PREVIEWED : Outcomes.REJECTED_POLICY);
        return new Preview(outcome.compliant(), outcome.policies(), outcome.compliant() ? outcome.body() : create.body(),
                outcome.applied(), outcome.issues());
    }

    /**
     * The merged defaults and rules of one scope, for a caller some grant of which reaches that project on that
     * cluster (any operation: every one of them is bound by this policy). A cluster the caller may not use is answered
     * as an unknown one.
     */
    @GET
    @Path("policies/effective")
    public ObjectNode effective(@QueryParam("clusterId") String clusterId, @QueryParam("projectId") String projectId) {
        if (clusterId == null || projectId == null || projectId.isBlank()) {
            throw GatewayException.badRequest("Required parameter is missing",
                    "Give both clusterId and projectId, e.g. ?clusterId=<uuid>&projectId=4.");
        }
        Caller caller = callers.of(identity);
        Cluster cluster = WorkloadRouter.cluster(clusterId, grants.usable(caller));
        grants.checkReach(caller, cluster, projectId);
        return policies.current().effective(cluster.name(), projectId);
    }
}
