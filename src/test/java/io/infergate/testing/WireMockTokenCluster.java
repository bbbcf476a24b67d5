package io.infergate.testing;

import java.util.HashMap;
import java.util.Map;

/**
 * {@link WireMockCluster}'s cluster {@code wm} with {@code auth=client-credentials}: the gateway gets its own token from
 * WireMock's {@code POST /api/v1/token} with {@link #CLIENT_ID} and {@link #CLIENT_SECRET}, so a test decides what the
 * token endpoint answers.
 */
public class WireMockTokenCluster extends WireMockCluster {

    /** The client id the gateway sends. */
    public static final String CLIENT_ID = "infergate-wm";
    /** The client secret the gateway holds; it must never show in a log. */
    public static final String CLIENT_SECRET = "wm-secret-never-logged";
    /** The token endpoint's path. */
    public static final String TOKEN = "/api/v1/token";

    @Override
    protected Map<String, String> config(String baseUrl) {
        Map<String, String> config = new HashMap<>(super.config(baseUrl));
        config.put("infergate.clusters.wm.auth", "client-credentials");
        config.put("infergate.clusters.wm.client-id", CLIENT_ID);
        config.put("infergate.clusters.wm.client-secret", CLIENT_SECRET);
        return config;
    }
}
