package io.infergate.idempotency;

import java.time.Duration;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

import io.infergate.sharedstate.StoreUnavailableException;
import io.smallrye.mutiny.Uni;

/**
 * The records of one replica, each dropped when its time is up, never earlier: a key beyond
 * {@code infergate.idempotency.max-keys} is refused rather than a kept answer evicted.
 */
final class MemoryKeyStore implements KeyStore {

    private final Cache<String, Held> records;
    private final int maxKeys;

    MemoryKeyStore(int maxKeys) {
        this.maxKeys = maxKeys;
        this.records = Caffeine.newBuilder().expireAfter(Expiry.<String, Held> writing((key, held) -> held.ttl())).build();
    }

    @Override
    public Uni<Optional<String>> claim(String key, String record, Duration ttl) {
        return Uni.createFrom().item(() -> {
            Held present = records.getIfPresent(key);
            if (present == null && records.estimatedSize() >= maxKeys) {
                records.cleanUp();
                if (records.estimatedSize() >= maxKeys) {
                    throw new StoreUnavailableException("this replica holds infergate.idempotency.max-keys keys", null);
                }
            }
            Held previous = records.asMap().putIfAbsent(key, new Held(record, ttl));
            return Optional.ofNullable(previous).map(Held::record);
        });
    }

    @Override
    public Uni<Boolean> replace(String key, String expected, String record, Duration ttl) {
        return Uni.createFrom().item(() -> records.asMap()
                .replace(key, new Held(expected, Duration.ZERO), new Held(record, ttl)));
    }

    @Override
    public Uni<Void> release(String key, String expected) {
        return Uni.createFrom().item(() -> {
            records.asMap().remove(key, new Held(expected, Duration.ZERO));
            return null;
        });
    }

    /**
     * A record with its time to live; two are the same record whatever their times.
     */
    private record Held(String record, Duration ttl) {

        @Override
        public boolean equals(Object other) {
            return other instanceof Held held && held.record.equals(record);
        }

        @Override
        public int hashCode() {
            return record.hashCode();
        }
    }
}
