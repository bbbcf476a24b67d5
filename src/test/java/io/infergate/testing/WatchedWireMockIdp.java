package io.infergate.testing;

/**
 * {@link WireMockIdp}, whose key set the gateway fetches every second ({@code infergate.oidc.key-refresh-interval}), so
 * that a withdrawn key or a provider gone away shows within a test's patience.
 */
public class WatchedWireMockIdp extends WireMockIdp {

    @Override
    protected String keyRefreshInterval() {
        return "1s";
    }
}
