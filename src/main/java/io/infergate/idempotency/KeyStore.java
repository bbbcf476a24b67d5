package io.infergate.idempotency;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.mutiny.Uni;

/**
 * Where idempotency records live: {@link MemoryKeyStore} in each replica or {@link RedisKeyStore} shared by all. Every
 * change is atomic and conditional, so two replicas never both believe they own a key. Failures are
 * {@link io.infergate.sharedstate.StoreUnavailableException}s.
 */
sealed interface KeyStore permits MemoryKeyStore, RedisKeyStore {

    /**
     * Writes the record if the key has none.
     *
     * @return empty when written; else the record the key has
     */
    Uni<Optional<String>> claim(String key, String record, Duration ttl);

    /**
     * Replaces the record if it is still {@code expected}.
     *
     * @return whether it was replaced
     */
    Uni<Boolean> replace(String key, String expected, String record, Duration ttl);

    /**
     * Removes the record if it is still {@code expected}, so the key is free for the next attempt.
     */
    Uni<Void> release(String key, String expected);
}
