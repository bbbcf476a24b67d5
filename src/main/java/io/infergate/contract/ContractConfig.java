package io.infergate.contract;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How strictly request bodies are read ({@code infergate.contract.*}).
 */
@ConfigMapping(prefix = "infergate.contract")
public interface ContractConfig {

    /**
     * Largest request body accepted; a larger one is answered 413 without being read. Keep
     * {@code quarkus.http.limits.max-body-size} above it: that is the HTTP layer's last-resort guard, and it answers
     * without the vendor {@code Error} body.
     */
    @WithDefault("1M")
    MemorySize maxBodySize();
}
