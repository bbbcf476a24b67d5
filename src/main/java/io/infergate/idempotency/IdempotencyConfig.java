package io.infergate.idempotency;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How idempotency keys of creates are kept ({@code infergate.idempotency.*}).
 */
@ConfigMapping(prefix = "infergate.idempotency")
public interface IdempotencyConfig {

    /**
     * How long a key and its answer are kept after its first use ({@code infergate.idempotency.retention}); a replay
     * after that is a new create.
     */
    @WithDefault("24h")
    Duration retention();

    /**
     * How long a first create may be in flight before its outcome counts as unknown
     * ({@code infergate.idempotency.in-flight-timeout}): a replica that stopped while sending one leaves its key in
     * flight. Keep it above the clusters' {@code deadline}, the longest a create takes.
     */
    @WithDefault("60s")
    Duration inFlightTimeout();

    /**
     * Most keys one replica holds in memory without Redis ({@code infergate.idempotency.max-keys}); a create with a new
     * key beyond it is refused (503) rather than a kept answer dropped.
     */
    @WithDefault("100000")
    int maxKeys();
}
