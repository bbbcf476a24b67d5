package io.infergate.limits;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.inject.Singleton;

import io.infergate.error.GatewayException;
import io.infergate.observability.Meters;
import io.infergate.sharedstate.SharedState;
import io.infergate.sharedstate.StoreUnavailableException;
import io.infergate.upstream.Operation;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * Checks a request against every configured limit that applies to it, once, before it is sent. Allowed, the answer
 * will carry the rate-limit headers; refused, it is a 429 with {@code Retry-After}. While the shared store is
 * unreachable the request is let through unchecked, or refused with a 503 when {@code infergate.redis.fail-closed} is
 * set.
 */
@Singleton
public class RateLimits {

    private final List<Limit> limits;
    private final LimitStore store;
    private final boolean failClosed;
    private final MeterRegistry registry;

    RateLimits(LimitsConfig config, SharedState shared, MeterRegistry registry) {
        this.limits = config.limits().entrySet().stream().map(RateLimits::compile).toList();
        this.store = shared.redis().<LimitStore> map(RedisLimitStore::new).orElseGet(MemoryLimitStore::new);
        this.failClosed = shared.failClosed();
        this.registry = registry;
    }

    /**
     * @param routing where the rate-limit headers are written, for the answer whatever it becomes
     * @return completes when the request may be sent; fails with a 429 (or a 503 while the store is unreachable and
     *         limits fail closed) in the vendor {@code Error} shape
     */
    public Uni<Void> check(RoutingContext routing, LimitedRequest request) {
        List<Limit> applying = new ArrayList<>();
        List<String> counters = new ArrayList<>();
        for (Limit limit : limits) {
            if (limit.appliesTo(request)) {
                applying.add(limit);
                counters.add(limit.counter(request));
            }
        }
        if (applying.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return store.take(applying, counters)
                .map(Optional::of)
                .onFailure(StoreUnavailableException.class)
                .recoverWithItem(Optional.empty())
                .map(taken -> decide(routing, applying, taken));
    }

    /**
     * @param checked the counters, or empty when the store could not be asked
     */
    private Void decide(RoutingContext routing, List<Limit> applying, Optional<Taken> checked) {
        if (checked.isEmpty()) {
            count(applying, failClosed ? "refused" : "unchecked");
            if (failClosed) {
                RateLimitHeaders.retryAfter(routing, 1);
                throw GatewayException.unavailable("Rate limits cannot be checked now (their store is unreachable), so "
                        + "InferGate did not send the request; send it again shortly.");
            }
            return null;
        }
        Taken taken = checked.get();
        RateLimitHeaders.write(routing, taken.standings());
        if (taken.allowed()) {
            count(applying, "allowed");
            return null;
        }
        count(applying, "limited");
        List<Standing> exhausted = taken.standings().stream().filter(Standing::exhausted).toList();
        long retryAfter = exhausted.stream().mapToLong(Standing::retryAfterSeconds).max().orElse(1);
        RateLimitHeaders.retryAfter(routing, retryAfter);
        throw new GatewayException(429, "Too many requests.", "Over the rate limit "
                + String.join(", ", exhausted.stream().map(standing -> describe(standing.limit())).toList())
                + "; InferGate did not send the request. Send it again in " + retryAfter + " s.");
    }

    private void count(List<Limit> applying, String decision) {
        applying.forEach(limit -> registry.counter(Meters.LIMIT_DECISIONS, Meters.LIMIT, limit.name(), Meters.DECISION,
                decision).increment());
    }

    private static String describe(Limit limit) {
        return "'" + limit.name() + "' (" + limit.rate() + " per " + limit.period().toString().substring(2).toLowerCase()
                + ", burst " + limit.burst() + ", per " + limit.per().name().toLowerCase() + ")";
    }

    private static Limit compile(Map.Entry<String, LimitsConfig.LimitConfig> entry) {
        LimitsConfig.LimitConfig config = entry.getValue();
        return new Limit(entry.getKey(), operations(entry.getKey(), config.operations()),
                config.groups().orElse(Set.of()), config.subjects().orElse(Set.of()), config.projects().orElse(Set.of()),
                config.clusters().orElse(Set.of()), config.rate(), config.period(),
                config.burst().orElse(config.rate()), config.per());
    }

    private static Set<Operation> operations(String name, Set<String> labels) {
        if (labels.contains("*")) {
            return EnumSet.allOf(Operation.class);
        }
        Set<Operation> operations = EnumSet.noneOf(Operation.class);
        for (String label : labels) {
            operations.add(EnumSet.allOf(Operation.class)
                    .stream()
                    .filter(operation -> operation.label().equals(label))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("infergate.limits." + name + ".operations: '" + label
                            + "' is none of create, get, patch, delete or *")));
        }
        return operations;
    }
}
