package io.infergate.limits;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

import io.smallrye.mutiny.Uni;

/**
 * The counters of one replica: each a TAT, dropped once it is in the past (a counter at or before now has its whole
 * burst, the same as none). A check is a few map operations under one lock, so every limit of a request moves together.
 */
final class MemoryLimitStore implements LimitStore {

    private final Cache<String, Long> tats;
    private final LongSupplier micros;

    /**
     * @param micros the clock, in microseconds
     */
    MemoryLimitStore(LongSupplier micros) {
        this.micros = micros;
        this.tats = Caffeine.newBuilder()
                .expireAfter(Expiry.<String, Long> writing(
                        (counter, tat) -> Duration
                                .ofNanos(TimeUnit.MICROSECONDS.toNanos(Math.max(1, tat - micros.getAsLong())))))
                .build();
    }

    MemoryLimitStore() {
        this(() -> TimeUnit.NANOSECONDS.toMicros(System.nanoTime()));
    }

    @Override
    public Uni<Taken> take(List<Limit> limits, List<String> counters) {
        return Uni.createFrom().item(() -> takeNow(limits, counters));
    }

    synchronized Taken takeNow(List<Limit> limits, List<String> counters) {
        long now = micros.getAsLong();
        long[] next = new long[limits.size()];
        boolean allowed = true;
        for (int i = 0; i < limits.size(); i++) {
            Limit limit = limits.get(i);
            Long tat = tats.getIfPresent(counters.get(i));
            next[i] = Gcra.next(tat == null ? now : tat, now, limit.interval());
            allowed &= Gcra.allows(next[i], now, limit.interval(), limit.burst());
        }
        List<Standing> standings = new ArrayList<>(limits.size());
        for (int i = 0; i < limits.size(); i++) {
            Limit limit = limits.get(i);
            if (allowed) {
                tats.put(counters.get(i), next[i]);
            }
            long tat = allowed ? next[i] : next[i] - limit.interval();
            standings.add(new Standing(limit, Math.max(0, tat - now)));
        }
        return new Taken(allowed, standings);
    }
}
