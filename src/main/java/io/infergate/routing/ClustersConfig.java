package io.infergate.routing;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/**
 * The Run:ai control planes InferGate routes to, keyed by a short cluster name ({@code infergate.clusters.<name>.*}).
 */
@ConfigMapping(prefix = "infergate")
public interface ClustersConfig {

    /**
     * The clusters, keyed by a short name used in logs, metrics and error messages. At least one is required.
     */
    Map<String, ClusterConfig> clusters();

    /**
     * How by-id requests find the cluster that owns a workload.
     */
    LocatorConfig locator();

    /**
     * One Run:ai cluster and the control plane that serves it.
     */
    interface ClusterConfig {

        /**
         * The Run:ai {@code clusterId} (a UUID) that create requests name to reach this cluster.
         */
        UUID id();

        /**
         * Base URL of the control plane, e.g. {@code https://runai.example.com}; the API paths are appended to it.
         */
        URI url();

        /**
         * How long to wait for a TCP (and TLS) connection to the control plane.
         */
        @WithDefault("2s")
        Duration connectTimeout();

        /**
         * How long one upstream request may take, from asking the pool for a connection to the last byte of the answer.
         */
        @WithDefault("30s")
        Duration requestTimeout();

        /**
         * Most connections kept open to this control plane (the Vert.x default of 5 is far too few for a gateway).
         */
        @WithDefault("64")
        int poolSize();

        /**
         * Most requests that may wait for a pooled connection; beyond it a request fails at once instead of queueing
         * without bound.
         */
        @WithDefault("256")
        int poolWaitQueue();

        /**
         * A pooled connection idle this long is closed; keep it below the upstream's own keep-alive timeout so the
         * gateway never reuses a connection the upstream is about to drop.
         */
        @WithDefault("30s")
        Duration idleTimeout();
    }

    /**
     * Settings of the workload locator.
     */
    interface LocatorConfig {

        /**
         * Most {@code workloadId -> cluster} entries remembered per replica.
         */
        @WithName("cache-size")
        @WithDefault("100000")
        long cacheSize();

        /**
         * How long an entry is remembered after it was last written.
         */
        @WithDefault("24h")
        Duration cacheTtl();
    }
}
