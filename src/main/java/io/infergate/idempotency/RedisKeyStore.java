package io.infergate.idempotency;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.infergate.sharedstate.RedisState;
import io.smallrye.mutiny.Uni;

/**
 * The records in Redis, so any replica answers a replay: each change one script call, conditional on what the key holds.
 */
final class RedisKeyStore implements KeyStore {

    /** Writes ARGV[1] for ARGV[2] ms unless the key has a record; returns nil when written, else the record. */
    private static final String CLAIM = """
            if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
              return false
            end
            return redis.call('GET', KEYS[1])""";
    /** Replaces ARGV[1] by ARGV[2] for ARGV[3] ms; returns 1 when replaced. */
    private static final String REPLACE = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
              return 1
            end
            return 0""";
    /** Deletes the key if it holds ARGV[1]. */
    private static final String RELEASE = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              redis.call('DEL', KEYS[1])
            end
            return 0""";

    private final RedisState redis;

    RedisKeyStore(RedisState redis) {
        this.redis = redis;
    }

    @Override
    public Uni<Optional<String>> claim(String key, String record, Duration ttl) {
        return redis.eval(CLAIM, List.of(key), List.of(record, Long.toString(ttl.toMillis())))
                .map(reply -> Optional.ofNullable(reply).map(Object::toString));
    }

    @Override
    public Uni<Boolean> replace(String key, String expected, String record, Duration ttl) {
        return redis.eval(REPLACE, List.of(key), List.of(expected, record, Long.toString(ttl.toMillis())))
                .map(reply -> reply.toInteger() == 1);
    }

    @Override
    public Uni<Void> release(String key, String expected) {
        return redis.eval(RELEASE, List.of(key), List.of(expected))
                .replaceWithVoid();
    }
}
