package io.infergate.sharedstate;

import java.util.Optional;

import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;

import io.quarkus.runtime.Startup;

/**
 * Where the shared state lives: {@link #redis()} when {@code infergate.redis.hosts} is set, else each feature keeps its
 * own state in memory. {@link RedisState}, and with it a connection to Redis, is created only in the first case, at
 * startup, so its meters and ping run from the start.
 */
@Startup
@Singleton
public class SharedState {

    private final Optional<RedisState> redis;
    private final boolean failClosed;

    SharedState(SharedStateConfig config, Instance<RedisState> redis) {
        this.redis = config.hosts().filter(hosts -> !hosts.isBlank()).map(hosts -> redis.get());
        this.failClosed = config.failClosed();
    }

    /**
     * @return Redis, when configured
     */
    public Optional<RedisState> redis() {
        return redis;
    }

    /**
     * @return whether rate limits refuse requests while the store is unreachable ({@code infergate.redis.fail-closed})
     */
    public boolean failClosed() {
        return failClosed;
    }
}
