package io.infergate.policy;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.infergate.cluster.ClusterRegistry;

/**
 * Ready means this replica can serve: its configuration was accepted at startup (or it would not have started) and a
 * policy set is in force. A policy file refused at a reload leaves the last good policies in force, so it does not turn
 * readiness down (the {@code infergate_policy_reload_failing} alert watches it); neither does a dead cluster, which
 * would take every replica out of the Service at once. Per-cluster health is {@code GET /infergate/v1/clusters} and the
 * upstream metrics. Quarkus adds its own check that turns readiness down as soon as shutdown begins.
 */
@Readiness
@Singleton
class PoliciesReadiness implements HealthCheck {

    private final Policies policies;
    private final ClusterRegistry clusters;

    PoliciesReadiness(Policies policies, ClusterRegistry clusters) {
        this.policies = policies;
        this.clusters = clusters;
    }

    @Override
    public HealthCheckResponse call() {
        PolicySet inForce = policies.current();
        return HealthCheckResponse.named("infergate")
                .status(inForce != null && !clusters.all().isEmpty())
                .withData("clusters", clusters.all().size())
                .withData("policies", inForce == null ? 0 : inForce.names().size())
                .withData("policyReloadFailing", policies.lastReloadFailed())
                .build();
    }
}
