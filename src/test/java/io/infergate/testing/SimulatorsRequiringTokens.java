package io.infergate.testing;

import java.util.Map;

/**
 * {@link RunningSimulator}'s two clusters, but their control planes accept only tokens they issued themselves, and the
 * gateway authenticates to each with its own client credentials. Tokens live {@link #TOKEN_TTL_SECONDS} seconds and are
 * refreshed one second before they expire.
 */
public class SimulatorsRequiringTokens extends RunningSimulator {

    /** Lifetime of the tokens the simulated control planes issue. */
    public static final int TOKEN_TTL_SECONDS = 4;

    private static final String CLIENT_ID = "infergate-gateway";
    /** The client secret the gateway holds; it must never show in a log. */
    public static final String CLIENT_SECRET = "test-only-secret";

    @Override
    public Map<String, String> start() {
        Map<String, String> config = super.start();
        config.put("infergate.simulator.require-token", "true");
        config.put("infergate.simulator.token-ttl", TOKEN_TTL_SECONDS + "s");
        config.put("infergate.simulator.credentials." + CLIENT_ID, CLIENT_SECRET);
        for (String cluster : new String[] { "a", "b" }) {
            config.put("infergate.clusters." + cluster + ".auth", "client-credentials");
            config.put("infergate.clusters." + cluster + ".client-id", CLIENT_ID);
            config.put("infergate.clusters." + cluster + ".client-secret", CLIENT_SECRET);
            config.put("infergate.clusters." + cluster + ".token-refresh-margin", "1s");
        }
        return config;
    }
}
