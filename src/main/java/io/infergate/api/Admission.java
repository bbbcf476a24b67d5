package io.infergate.api;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.infergate.cluster.Cluster;
import io.infergate.cluster.UsableClusters;
import io.infergate.contract.ContractValidator;
import io.infergate.contract.JsonBody;
import io.infergate.error.GatewayException;
import io.infergate.observability.Meters;
import io.infergate.observability.RequestMetrics;
import io.infergate.observability.Spans;
import io.infergate.policy.Policies;
import io.infergate.policy.PolicyOutcome;
import io.infergate.routing.WorkloadRouter;
import io.infergate.security.Caller;
import io.infergate.security.Callers;
import io.infergate.security.Grants;
import io.infergate.security.OwnerCheck;
import io.infergate.upstream.Operation;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.ext.web.RoutingContext;

/**
 * Everything a request must pass before it is sent, in the order of the request path, once for every resource: for a
 * create (and its preview, which must answer or refuse exactly as the create would) validate, then the cluster its
 * {@code clusterId} names among those the caller may use, then the create grant, then the policies; for a get, patch
 * or delete the owner check the router applies once the workload is located. Each step notes what it learnt for the
 * request's access line and meters.
 */
@Singleton
class Admission {

    private final ContractValidator contract;
    private final Grants grants;
    private final Callers callers;
    private final SecurityIdentity identity;
    private final Policies policies;
    private final Tracer tracer;

    Admission(ContractValidator contract, Grants grants, Callers callers, SecurityIdentity identity, Policies policies,
            OpenTelemetry telemetry) {
        this.contract = contract;
        this.grants = grants;
        this.callers = callers;
        this.identity = identity;
        this.policies = policies;
        this.tracer = telemetry.getTracer("io.infergate");
    }

    /**
     * A create that may go to its cluster, policies aside.
     *
     * @param body the request as the caller sent it, a JSON object that keeps to the contract
     * @param caller who sent it
     */
    record Create(Cluster cluster, ObjectNode body, Caller caller) {
    }

    /**
     * A get, patch or delete: the check of its located workload, the clusters that may be asked where it is, and who
     * asks.
     */
    record ById(OwnerCheck check, UsableClusters usable, Caller caller) {
    }

    /**
     * Validates a create and finds its cluster, as far as the create grant.
     *
     * @throws GatewayException 400 for a missing body or an unknown cluster, 403 without the create grant
     * @throws io.infergate.contract.ContractViolationException when the body breaks the contract
     */
    Create create(JsonBody body, RoutingContext routing) {
        JsonNode tree = required(body).tree();
        Caller caller = caller(routing);
        UsableClusters usable = grants.usable(caller);
        ClusterIdHelp.offer(routing, usable);
        Spans.within(tracer, Spans.VALIDATE, () -> contract.checkCreate(tree));
        RequestMetrics.cluster(routing, Meters.UNKNOWN);
        Cluster cluster = WorkloadRouter.clusterFor(tree, usable);
        RequestMetrics.cluster(routing, cluster.name());
        grants.checkCreate(caller, cluster, tree.path("projectId").asText(null));
        return new Create(cluster, (ObjectNode) tree, caller);
    }

    /**
     * @return the create with the policies' defaults
     * @throws io.infergate.policy.PolicyViolationException when it breaks a policy
     */
    PolicyOutcome applyPolicies(Create create) {
        return Spans.within(tracer, Spans.POLICY, () -> policies.apply(create.cluster().name(), create.body()));
    }

    /**
     * @return what the policies would do with the create, compliant or not
     */
    PolicyOutcome previewPolicies(Create create) {
        return Spans.within(tracer, Spans.POLICY, () -> policies.preview(create.cluster().name(), create.body()));
    }

    /**
     * @return the caller's access to a workload it gets or deletes
     */
    ById byId(Operation operation, RoutingContext routing) {
        Caller caller = caller(routing);
        return new ById(grants.byId(caller, operation), grants.usable(caller), caller);
    }

    /**
     * Validates a patch; its access check includes the policies of the workload's scope, applied once the caller may
     * patch the workload.
     *
     * @throws io.infergate.contract.ContractViolationException when the patch breaks the contract
     */
    ById patch(JsonNode patch, RoutingContext routing) {
        Spans.within(tracer, Spans.VALIDATE, () -> contract.checkPatch(patch));
        ById access = byId(Operation.PATCH, routing);
        return new ById(access.check().andThen(owner -> policies.checkPatch(owner, patch)), access.usable(),
                access.caller());
    }

    /**
     * @return the caller, noted for the access log
     */
    Caller caller(RoutingContext routing) {
        Caller caller = callers.of(identity);
        RequestMetrics.subject(routing, caller.subject());
        return caller;
    }

    /**
     * An empty body never reaches the reader; it is as wrong as a malformed one.
     */
    static JsonBody required(JsonBody body) {
        if (body == null) {
            throw GatewayException.notAnObject();
        }
        return body;
    }
}
