package io.infergate.upstream;

import java.util.HashMap;
import java.util.Map;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.infergate.routing.Cluster;
import io.infergate.routing.ClusterRegistry;
import io.infergate.routing.ClustersConfig;
import io.quarkus.runtime.Startup;
import io.vertx.mutiny.core.Vertx;

/**
 * One {@link UpstreamClient} (and so one connection pool) per configured cluster, built once.
 */
@Startup
@Singleton
public class UpstreamClients {

    private final Map<String, UpstreamClient> byName = new HashMap<>();

    UpstreamClients(Vertx vertx, ClusterRegistry registry, ClustersConfig config, ObjectMapper mapper) {
        for (Cluster cluster : registry.all()) {
            byName.put(cluster.name(),
                    new UpstreamClient(vertx, cluster, config.clusters().get(cluster.name()), mapper.getFactory()));
        }
    }

    /**
     * @param cluster a configured cluster
     * @return its client
     */
    public UpstreamClient of(Cluster cluster) {
        UpstreamClient client = byName.get(cluster.name());
        if (client == null) {
            throw new IllegalArgumentException("not a configured cluster: " + cluster);
        }
        return client;
    }

    @PreDestroy
    void close() {
        byName.values().forEach(UpstreamClient::close);
    }
}
