package io.infergate.security;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How InferGate watches the OIDC provider's key set ({@code infergate.oidc.*}), when Quarkus OIDC is pointed at a
 * provider ({@code quarkus.oidc.auth-server-url}); with {@code quarkus.oidc.public-key} there is nothing to watch.
 */
@ConfigMapping(prefix = "infergate.oidc")
public interface IdentityProviderConfig {

    /**
     * How often the provider's key set is fetched ({@code infergate.oidc.key-refresh-interval}): a key the provider
     * stops publishing is refused this long after at most, for new and remembered tokens alike. While the provider cannot
     * be reached it is tried every 10 s (or this, if shorter), and the last key set fetched stays in force. At least
     * {@code 1s}.
     */
    @WithDefault("1m")
    Duration keyRefreshInterval();
}
