package io.infergate.cluster;

import java.util.Objects;

/**
 * Where a workload lives: the cluster that owns it and the project it belongs to. Neither changes over a workload's
 * life, so both are remembered together.
 *
 * @param cluster the owning cluster
 * @param projectId the workload's Run:ai project, or {@code null} when the control plane did not say
 */
public record Owner(Cluster cluster, String projectId) {

    public Owner {
        Objects.requireNonNull(cluster, "cluster");
    }
}
