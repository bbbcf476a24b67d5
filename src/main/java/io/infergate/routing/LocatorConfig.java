package io.infergate.routing;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How by-id requests find the cluster that owns a workload ({@code infergate.locator.*}).
 */
@ConfigMapping(prefix = "infergate.locator")
public interface LocatorConfig {

    /**
     * One get, patch or delete's whole time: locating the workload across clusters and then acting on it.
     */
    @WithDefault("45s")
    Duration deadline();

    /**
     * Most {@code workloadId -> cluster} entries remembered per replica.
     */
    @WithDefault("100000")
    long cacheSize();

    /**
     * How long an entry is remembered after it was last written.
     */
    @WithDefault("24h")
    Duration cacheTtl();
}
