package io.infergate.testing;

import java.util.HashMap;
import java.util.Map;

/**
 * A healthy simulated cluster {@code a} beside three clusters served by one WireMock, each tuned to show one guard
 * quickly: {@code wm} (a breaker that opens after 4 attempts and half-opens after 1 s), {@code slow} (a 500 ms
 * request timeout within a 4 s deadline), {@code hasty} (a 1 s deadline, shorter than its 3 s request timeout),
 * {@code stormy} (retries
 * bounded only by the retry budget) and {@code narrow} (a bulkhead of one, queue of one). Creates reach a WireMock cluster by
 * its {@code clusterId} in the body, which stubs can match.
 */
public class FaultyClusters extends WireMockCluster {

    public static final String CLUSTER_WM = WireMockCluster.CLUSTER_WM;
    public static final String CLUSTER_STORMY = "4f1b9a6c-7d8e-4f90-a1b2-c3d4e5f60718";
    public static final String CLUSTER_NARROW = "5a2cab7d-8e9f-4a01-b2c3-d4e5f6071829";
    public static final String CLUSTER_SLOW = "6b3dbc8e-9fa0-4b12-83d4-e5f60718293a";
    public static final String CLUSTER_HASTY = "7c4ecd9f-a0b1-4c23-94e5-f60718293a4b";

    @Override
    protected Map<String, String> config(String baseUrl) {
        Map<String, String> config = new HashMap<>();
        config.put("infergate.simulator.phase-delay", "300ms");
        RunningSimulator.simulated(config, "a", RunningSimulator.CLUSTER_A);
        wireMockCluster(config, baseUrl, "wm", CLUSTER_WM);
        config.put("infergate.clusters.wm.breaker.request-volume", "4");
        config.put("infergate.clusters.wm.breaker.delay", "1s");
        config.put("infergate.clusters.wm.breaker.success-threshold", "1");
        wireMockCluster(config, baseUrl, "stormy", CLUSTER_STORMY);
        config.put("infergate.clusters.stormy.retry.budget-ratio", "0.2");
        config.put("infergate.clusters.stormy.retry.budget-minimum", "2");
        wireMockCluster(config, baseUrl, "slow", CLUSTER_SLOW);
        config.put("infergate.clusters.slow.request-timeout", "500ms");
        wireMockCluster(config, baseUrl, "hasty", CLUSTER_HASTY);
        config.put("infergate.clusters.hasty.deadline", "1s");
        wireMockCluster(config, baseUrl, "narrow", CLUSTER_NARROW);
        config.put("infergate.clusters.narrow.bulkhead.limit", "1");
        config.put("infergate.clusters.narrow.bulkhead.queue", "1");
        config.put("infergate.clusters.narrow.request-timeout", "5s");
        config.put("infergate.clusters.narrow.deadline", "10s");
        return config;
    }

    private static void wireMockCluster(Map<String, String> config, String baseUrl, String name, String id) {
        String prefix = "infergate.clusters." + name + ".";
        config.put(prefix + "id", id);
        config.put(prefix + "url", baseUrl);
        // generous: WireMock shares two cores with the gateway, and only the slow cluster is meant to time out
        config.put(prefix + "request-timeout", "3s");
        config.put(prefix + "deadline", "4s");
        config.put(prefix + "max-response-size", "64K");
        config.put(prefix + "retry.initial-backoff", "10ms");
        config.put(prefix + "retry.max-backoff", "50ms");
        config.put(prefix + "retry.max-retries", "2");
        config.put(prefix + "retry.budget-minimum", "1000");
        config.put(prefix + "breaker.request-volume", "1000");
    }
}
