package io.infergate.sharedstate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import io.infergate.observability.Meters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.redis.client.Response;

/**
 * Runs Lua scripts on the configured Redis, each within {@code infergate.redis.timeout}, and knows whether Redis is
 * reachable: the first failure is logged at WARN (once, until Redis answers again, which is logged at INFO), counted in
 * {@link Meters#REDIS_FAILURES} and shown by {@link Meters#REDIS_UP}. For {@code infergate.redis.retry-interval} after a
 * failure requests do not wait for Redis again, so an outage costs a request at most
 * one timeout and Redis is used again soon after it returns. Redis is pinged every {@code retry-interval} whatever the
 * traffic, so the gauge is true on an idle replica too.
 * <p>
 * Created only when {@code infergate.redis.hosts} is set ({@link SharedState}); the Quarkus Redis client connects on its
 * first command, so without it nothing connects.
 */
@Singleton
public class RedisState {

    private final ReactiveRedisDataSource redis;
    private final Duration timeout;
    private final long retryIntervalNanos;
    private final AtomicBoolean up = new AtomicBoolean(true);
    private final AtomicLong downSince = new AtomicLong();
    private final Counter failures;
    private final Vertx vertx;
    private final long pinger;

    RedisState(ReactiveRedisDataSource redis, SharedStateConfig config, MeterRegistry registry, Vertx vertx) {
        this.redis = redis;
        this.timeout = config.timeout();
        this.retryIntervalNanos = config.retryInterval().toNanos();
        this.vertx = vertx;
        this.failures = registry.counter(Meters.REDIS_FAILURES);
        Gauge.builder(Meters.REDIS_UP, up, state -> state.get() ? 1 : 0).register(registry);
        this.pinger = vertx.setPeriodic(config.retryInterval().toMillis(), id -> ping());
    }

    /**
     * Runs a script once (one round trip): {@code EVAL script numkeys keys... args...}.
     *
     * @return its reply; a {@link StoreUnavailableException} when Redis is unreachable, failed the call or was too slow
     */
    public Uni<Response> eval(String script, List<String> keys, List<String> args) {
        if (!up.get() && System.nanoTime() - downSince.get() < retryIntervalNanos) {
            return Uni.createFrom().failure(new StoreUnavailableException("Redis is unreachable", null));
        }
        List<String> command = new ArrayList<>(2 + keys.size() + args.size());
        command.add(script);
        command.add(Integer.toString(keys.size()));
        command.addAll(keys);
        command.addAll(args);
        return call(redis.execute("EVAL", command.toArray(String[]::new)));
    }

    private Uni<Response> call(Uni<Response> command) {
        return command.ifNoItem()
                .after(timeout)
                .fail()
                .onItemOrFailure()
                .transformToUni(this::observed);
    }

    private Uni<Response> observed(Response reply, Throwable failure) {
        if (failure == null) {
            if (up.compareAndSet(false, true)) {
                Log.info("Redis answers again: rate limits and idempotency keys are shared across replicas again");
            }
            return Uni.createFrom().item(reply);
        }
        failures.increment();
        downSince.set(System.nanoTime());
        if (up.compareAndSet(true, false)) {
            Log.warnf("Redis is unreachable (%s): rate limits and idempotency keys get their outage answers until it "
                    + "answers again", failure.getClass().getSimpleName());
        }
        return Uni.createFrom().failure(new StoreUnavailableException("Redis is unreachable", failure));
    }

    /**
     * Keeps {@link Meters#REDIS_UP} true without traffic, and finds Redis back after an outage.
     */
    private void ping() {
        call(redis.execute("PING")).subscribe().with(reply -> {
        }, failure -> {
        });
    }

    @PreDestroy
    void stop() {
        vertx.cancelTimer(pinger);
    }
}
