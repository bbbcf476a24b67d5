package io.infergate.security;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;

import jakarta.inject.Singleton;

import io.infergate.cluster.Cluster;
import io.infergate.cluster.ClusterRegistry;
import io.infergate.cluster.UsableClusters;
import io.infergate.error.GatewayException;
import io.infergate.upstream.Operation;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;

/**
 * Decides from {@code infergate.access.*} whether a caller may act on a project in a cluster.
 * <p>
 * The rule for operations on an existing workload: a caller none of whose grants reaches the workload's project and
 * cluster is told the workload does not exist, exactly as for a random id, so workload ids of other teams cannot be
 * probed; a caller with some grant there but not for this operation (say, get but not delete) is refused with 403.
 * Creates are decided on the body's {@code clusterId} and {@code projectId}, before anything is sent.
 * <p>
 * The same reach bounds what a caller may learn about the clusters: a cluster none of the caller's grants names is one
 * the caller {@linkplain #usable may not use}, and is neither listed nor asked on the caller's behalf.
 */
@Startup
@Singleton
public class Grants {

    private final Set<String> adminGroups;
    private final List<Rule> rules;
    private final ClusterRegistry registry;

    Grants(AccessConfig config, ClusterRegistry registry) {
        this.registry = registry;
        this.adminGroups = Set.copyOf(config.adminGroups().orElse(Set.of()));
        List<Rule> compiled = new ArrayList<>();
        new TreeMap<>(config.grants()).forEach((name, grant) -> compiled.add(Rule.of(name, grant, registry)));
        this.rules = List.copyOf(compiled);
        if (rules.isEmpty()) {
            Log.warnf("No infergate.access.grants are configured: only members of the admin groups %s may call the API",
                    adminGroups);
        }
    }

    /**
     * @return whether the caller may perform the operation on workloads of the project in the cluster
     * @param projectId the project, {@code null} when unknown (then only grants for every project apply)
     */
    public boolean allows(Caller caller, Operation operation, Cluster cluster, String projectId) {
        if (admin(caller)) {
            return true;
        }
        for (Rule rule : rules) {
            if (rule.reaches(caller, cluster, projectId) && rule.operations.contains(operation)) {
                return true;
            }
        }
        return false;
    }

    /**
     * @return whether any operation is granted to the caller on the project in the cluster
     */
    public boolean reaches(Caller caller, Cluster cluster, String projectId) {
        return admin(caller) || rules.stream().anyMatch(rule -> rule.reaches(caller, cluster, projectId));
    }

    /**
     * @return the clusters where some grant of the caller reaches, whatever the project and operation (every cluster
     *         for an admin), ordered by name: the only clusters the caller is told about or that are asked for it
     */
    public UsableClusters usable(Caller caller) {
        if (admin(caller)) {
            return new UsableClusters(registry.all());
        }
        return new UsableClusters(registry.all()
                .stream()
                .filter(cluster -> rules.stream().anyMatch(rule -> rule.reachesCluster(caller, cluster)))
                .toList());
    }

    /**
     * The effective policy of a scope is shown to whoever may act there in any way: every operation is bound by it (a
     * create by its defaults and rules, a patch by its rules), and a reader sees its defaults in the workloads anyway.
     *
     * @throws GatewayException 403 when no grant of the caller reaches the project on the cluster
     */
    public void checkReach(Caller caller, Cluster cluster, String projectId) {
        if (!reaches(caller, cluster, projectId)) {
            throw GatewayException.forbidden(
                    "No grant in infergate.access reaches this project on cluster " + cluster.name()
                            + " for the groups of this caller.");
        }
    }

    /**
     * @throws GatewayException 403 when the caller may not create workloads in the project on the cluster
     */
    public void checkCreate(Caller caller, Cluster cluster, String projectId) {
        if (!allows(caller, Operation.CREATE, cluster, projectId)) {
            throw forbidden(Operation.CREATE, cluster, projectId);
        }
    }

    /**
     * @return the check of a get, patch or delete by this caller, applied once the workload's owner is known
     */
    public OwnerCheck byId(Caller caller, Operation operation) {
        return new ByIdAccess(this, caller, operation);
    }

    private boolean admin(Caller caller) {
        for (String group : caller.groups()) {
            if (adminGroups.contains(group)) {
                return true;
            }
        }
        return false;
    }

    static GatewayException forbidden(Operation operation, Cluster cluster, String projectId) {
        return GatewayException.forbidden(
                "No grant in infergate.access lets the groups of this caller " + operation.label()
                        + " workloads of project " + projectId + " on cluster " + cluster.name() + ".");
    }

    /**
     * One grant, checked at startup: a misspelt cluster or operation fails the start instead of silently granting
     * nothing.
     *
     * @param clusters cluster names; empty means every cluster
     * @param projects project ids; empty means every project
     */
    private record Rule(String name, Set<String> groups, Set<String> clusters, Set<String> projects,
            Set<Operation> operations) {

        static Rule of(String name, AccessConfig.Grant grant, ClusterRegistry registry) {
            Set<String> known = Set.copyOf(registry.all().stream().map(Cluster::name).toList());
            for (String cluster : grant.clusters()) {
                if (!AccessConfig.ANY.equals(cluster) && !known.contains(cluster)) {
                    throw new IllegalStateException("infergate.access.grants." + name + ".clusters names cluster '"
                            + cluster + "', which is not in infergate.clusters; known clusters: " + registry.describe());
                }
            }
            return new Rule(name, Set.copyOf(grant.groups()), everyUnlessListed(grant.clusters()),
                    everyUnlessListed(grant.projects()), operations(name, grant.operations()));
        }

        private static Set<String> everyUnlessListed(Set<String> values) {
            return values.contains(AccessConfig.ANY) ? Set.of() : Set.copyOf(values);
        }

        private static Set<Operation> operations(String name, Set<String> labels) {
            Set<Operation> operations = EnumSet.noneOf(Operation.class);
            for (String label : labels) {
                String normalised = label.trim().toLowerCase(Locale.ROOT);
                if (AccessConfig.ANY.equals(normalised)) {
                    return EnumSet.allOf(Operation.class);
                }
                Operation operation = null;
                for (Operation candidate : Operation.values()) {
                    if (candidate.label().equals(normalised)) {
                        operation = candidate;
                    }
                }
                if (operation == null) {
                    throw new IllegalStateException("infergate.access.grants." + name + ".operations has '" + label
                            + "'; use create, get, patch, delete or *");
                }
                operations.add(operation);
            }
            return operations;
        }

        boolean reaches(Caller caller, Cluster cluster, String projectId) {
            return reachesCluster(caller, cluster)
                    && (projects.isEmpty() || projectId != null && projects.contains(projectId));
        }

        boolean reachesCluster(Caller caller, Cluster cluster) {
            return memberOf(caller) && (clusters.isEmpty() || clusters.contains(cluster.name()));
        }

        private boolean memberOf(Caller caller) {
            for (String group : caller.groups()) {
                if (groups.contains(group)) {
                    return true;
                }
            }
            return false;
        }
    }
}
