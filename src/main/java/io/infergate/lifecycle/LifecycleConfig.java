package io.infergate.lifecycle;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The follow-up of workloads created through the gateway ({@code infergate.lifecycle.*}): after a create's 202, the
 * gateway reads the workload now and then until it is {@code Running}, has failed, is gone, or the timeout passes.
 */
@ConfigMapping(prefix = "infergate.lifecycle")
public interface LifecycleConfig {

    /** Whether workloads created through this replica are followed ({@code infergate.lifecycle.enabled}). */
    @WithDefault("false")
    boolean enabled();

    /**
     * Workloads followed at once by one replica ({@code infergate.lifecycle.max-followed}); a create beyond that is not
     * followed and counts as {@code skipped}. With {@link #pollInterval()} it bounds the background reads: at most
     * {@code max-followed / poll-interval} GETs a second per replica.
     */
    @WithDefault("200")
    int maxFollowed();

    /**
     * Follow-up reads in flight at once to one cluster from one replica ({@code infergate.lifecycle.max-reads-in-flight});
     * a poll beyond it is skipped, so a slow cluster's connections stay free for callers' requests.
     */
    @WithDefault("8")
    int maxReadsInFlight();

    /** Time between two reads of one followed workload ({@code infergate.lifecycle.poll-interval}). */
    @WithDefault("5s")
    Duration pollInterval();

    /**
     * A workload not Running, failed or gone this long after its create is given up on ({@code infergate.lifecycle.timeout}).
     */
    @WithDefault("30m")
    Duration timeout();
}
