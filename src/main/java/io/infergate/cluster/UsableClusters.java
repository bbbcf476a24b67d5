package io.infergate.cluster;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The clusters one caller may use: those some grant of the caller reaches, whatever the project and operation (every
 * cluster for an admin). They bound what the caller learns about the clusters (the clusters list, the clusters an error
 * message names) and which clusters are asked on its behalf when a workload is located; a cluster outside them is, to
 * this caller, no cluster at all.
 *
 * @param clusters the clusters, ordered by name
 */
public record UsableClusters(List<Cluster> clusters) {

    public UsableClusters {
        clusters = List.copyOf(clusters);
    }

    /**
     * @return the usable cluster with that id, if there is one; a configured cluster the caller may not use is not
     */
    public Optional<Cluster> byId(UUID clusterId) {
        return clusters.stream().filter(cluster -> cluster.id().equals(clusterId)).findFirst();
    }

    /**
     * @return whether the caller may use the cluster
     */
    public boolean contains(Cluster cluster) {
        return clusters.contains(cluster);
    }

    /**
     * @return one sentence naming the clusters as {@code name (id)}, for an error message that helps the caller pick a
     *         {@code clusterId}
     */
    public String sentence() {
        if (clusters.isEmpty()) {
            return "No grant in infergate.access lets the groups of this caller use any cluster.";
        }
        return "Clusters you may use: " + clusters.stream().map(Cluster::toString).collect(Collectors.joining(", ")) + ".";
    }
}
