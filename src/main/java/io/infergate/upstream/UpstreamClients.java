package io.infergate.upstream;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.infergate.cluster.Cluster;
import io.infergate.cluster.ClusterRegistry;
import io.infergate.cluster.ClustersConfig;
import io.infergate.cluster.ClustersConfig.ClusterConfig;
import io.infergate.cluster.ClustersConfig.UpstreamAuth;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.quarkus.runtime.Startup;
import io.vertx.mutiny.core.Vertx;

/**
 * One {@link ClusterGuard} over one {@link UpstreamClient} (and so one connection pool) per configured cluster, built
 * once.
 */
@Startup
@Singleton
public class UpstreamClients {

    private final Map<String, ClusterGuard> byName = new HashMap<>();
    private final List<ClusterGuard> ordered;

    UpstreamClients(Vertx vertx, ClusterRegistry registry, ClustersConfig config, ObjectMapper mapper,
            MeterRegistry meters, OpenTelemetry telemetry) {
        for (Cluster cluster : registry.all()) {
            ClusterConfig settings = config.clusters().get(cluster.name());
            UpstreamCredentials credentials = settings.auth() == UpstreamAuth.CLIENT_CREDENTIALS
                    ? ClientCredentials.of(cluster, settings, mapper, meters)
                    : UpstreamCredentials.Passthrough.INSTANCE;
            byName.put(cluster.name(),
                    new ClusterGuard(new UpstreamClient(vertx, cluster, settings, mapper.getFactory(), meters),
                            credentials, settings, meters, telemetry));
        }
        this.ordered = registry.all().stream().map(cluster -> byName.get(cluster.name())).toList();
    }

    /**
     * @param cluster a configured cluster
     * @return the guarded way to send to it
     */
    public ClusterGuard of(Cluster cluster) {
        ClusterGuard guard = byName.get(cluster.name());
        if (guard == null) {
            throw new IllegalArgumentException("not a configured cluster: " + cluster);
        }
        return guard;
    }

    /**
     * @return every cluster's guard, ordered by cluster name
     */
    public List<ClusterGuard> all() {
        return ordered;
    }

    @PreDestroy
    void close() {
        byName.values().forEach(ClusterGuard::close);
    }
}
