package io.infergate.security;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The cache of verified bearer tokens ({@code infergate.token-cache.*}): a token whose signature and claims Quarkus OIDC
 * has verified once is not verified again until it expires, or {@link #maxAge()} has passed.
 */
@ConfigMapping(prefix = "infergate.token-cache")
public interface TokenCacheConfig {

    /** Most tokens remembered per replica; {@code 0} turns the cache off ({@code infergate.token-cache.size}). */
    @WithDefault("10000")
    int size();

    /**
     * Longest a verified token is trusted without verifying it again, even if it expires later
     * ({@code infergate.token-cache.max-age}): bounds how long a token signed with a key the provider has since withdrawn
     * stays accepted.
     */
    @WithDefault("5m")
    Duration maxAge();
}
