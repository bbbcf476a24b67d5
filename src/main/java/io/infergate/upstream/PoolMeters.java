package io.infergate.upstream;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.infergate.cluster.Cluster;
import io.infergate.cluster.ClustersConfig.ClusterConfig;
import io.infergate.observability.Meters;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The meters of one cluster's connection pool: how long requests wait for a connection, how many wait, how many hold
 * one, and the pool's size. Tagged by the cluster's name only.
 */
final class PoolMeters {

    private final MeterRegistry registry;
    /** Requests waiting for a pooled connection (connecting included). */
    private final AtomicInteger waiting = new AtomicInteger();
    /** Requests holding a pooled connection. */
    private final AtomicInteger leased = new AtomicInteger();
    private final Timer poolWait;
    private final List<Meter> bound;

    PoolMeters(MeterRegistry registry, Cluster cluster, ClusterConfig config) {
        this.registry = registry;
        this.poolWait = Timer.builder(Meters.UPSTREAM_POOL_WAIT)
                .description("Time a request waited for a pooled connection to a control plane, connecting included")
                .tag(Meters.CLUSTER, cluster.name())
                .serviceLevelObjectives(Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(25),
                        Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(2))
                .register(registry);
        this.bound = List.of(
                Gauge.builder(Meters.UPSTREAM_POOL_WAITING, waiting, AtomicInteger::get)
                        .description("Requests waiting for a pooled connection to a control plane")
                        .tag(Meters.CLUSTER, cluster.name()).strongReference(true).register(registry),
                Gauge.builder(Meters.UPSTREAM_POOL_LEASED, leased, AtomicInteger::get)
                        .description("Requests holding a pooled connection to a control plane")
                        .tag(Meters.CLUSTER, cluster.name()).strongReference(true).register(registry),
                Gauge.builder(Meters.UPSTREAM_POOL_SIZE, config, settings -> settings.poolSize())
                        .description("Most connections kept to a control plane (infergate.clusters.<name>.pool-size)")
                        .tag(Meters.CLUSTER, cluster.name()).strongReference(true).register(registry));
    }

    /**
     * A request starts waiting for a connection.
     *
     * @return when it started, for {@link #waited(long)}
     */
    long waiting() {
        waiting.incrementAndGet();
        return System.nanoTime();
    }

    /** The pool answered a request that started waiting at {@code since}, with a connection or a failure. */
    void waited(long since) {
        waiting.decrementAndGet();
        poolWait.record(System.nanoTime() - since, TimeUnit.NANOSECONDS);
    }

    void leased() {
        leased.incrementAndGet();
    }

    void released() {
        leased.decrementAndGet();
    }

    /** Removes the gauges, which hold this pool's counts: the client is gone. */
    void close() {
        bound.forEach(registry::remove);
    }
}
