package io.infergate.sharedstate;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Where the state shared between replicas lives ({@code infergate.redis.*}). The connection itself (password, TLS,
 * pool) is the Quarkus Redis client's configuration, {@code quarkus.redis.*}; its hosts follow
 * {@link #hosts()}.
 */
@ConfigMapping(prefix = "infergate.redis")
public interface SharedStateConfig {

    /**
     * The Redis server, e.g. {@code redis://redis:6379} ({@code infergate.redis.hosts}). Unset, rate limits and
     * idempotency keys are kept in each replica's memory and nothing connects to Redis.
     */
    Optional<String> hosts();

    /**
     * The longest one Redis call may take before it counts as Redis being unreachable ({@code infergate.redis.timeout}).
     */
    @WithDefault("250ms")
    Duration timeout();

    /**
     * After a failed call, how long requests do not try Redis and get the outage answer at once
     * ({@code infergate.redis.retry-interval}); Redis is also pinged this often, so it is back in use within this of its
     * return and {@code infergate_redis_up} is true on an idle replica.
     */
    @WithDefault("1s")
    Duration retryInterval();

    /**
     * What a request that rate limits apply to gets while Redis is unreachable ({@code infergate.redis.fail-closed}):
     * {@code false} lets it through unchecked, {@code true} refuses it (503 with {@code Retry-After}). Creates with an
     * {@code Idempotency-Key} are always refused then: sending one without its key would give up the guarantee the
     * caller asked for.
     */
    @WithDefault("false")
    boolean failClosed();
}
