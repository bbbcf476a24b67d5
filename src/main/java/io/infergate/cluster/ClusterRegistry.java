package io.infergate.cluster;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.quarkus.runtime.Startup;

/**
 * The clusters from configuration, checked once at startup: at least one, and no {@code clusterId} twice.
 */
@Startup
@Singleton
public class ClusterRegistry {

    private final List<Cluster> clusters;
    private final Map<UUID, Cluster> byId;

    @Inject
    ClusterRegistry(ClustersConfig config) {
        this(config.clusters()
                .entrySet()
                .stream()
                .map(e -> new Cluster(e.getKey(), e.getValue().id(), e.getValue().url()))
                .toList());
    }

    /**
     * @param clusters the clusters to route to
     * @throws IllegalArgumentException when there is none or two share a {@code clusterId}
     */
    public ClusterRegistry(List<Cluster> clusters) {
        if (clusters.isEmpty()) {
            throw new IllegalArgumentException(
                    "No cluster configured: set infergate.clusters.<name>.id and infergate.clusters.<name>.url");
        }
        Map<UUID, Cluster> index = new HashMap<>();
        for (Cluster cluster : clusters) {
            Cluster previous = index.putIfAbsent(cluster.id(), cluster);
            if (previous != null) {
                throw new IllegalArgumentException("Clusters " + previous.name() + " and " + cluster.name()
                        + " share the clusterId " + cluster.id());
            }
        }
        this.clusters = clusters.stream().sorted(Comparator.comparing(Cluster::name)).toList();
        this.byId = Map.copyOf(index);
    }

    /**
     * @return every cluster, ordered by name
     */
    public List<Cluster> all() {
        return clusters;
    }

    /**
     * @param clusterId a Run:ai {@code clusterId}
     * @return the cluster with that id, if configured
     */
    public Optional<Cluster> byId(UUID clusterId) {
        return Optional.ofNullable(byId.get(clusterId));
    }

    /**
     * @return the known clusters as {@code name (id)}, for error messages that help a caller pick the right id
     */
    public String describe() {
        return clusters.stream().map(Cluster::toString).collect(Collectors.joining(", "));
    }
}
