package io.infergate.testing;

import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Two simulated Run:ai control planes served by the application under test on free ports, with the gateway routing to
 * them over real HTTP: clusters {@code a} and {@code b}. Phases advance every 500 ms, short enough for lifecycle tests and long
 * enough for a poll to see each phase on a busy machine.
 */
public class RunningSimulator implements QuarkusTestResourceLifecycleManager {

    /** The {@code clusterId} of cluster {@code a}. */
    public static final String CLUSTER_A = "0b7d5c2e-3f4a-4b5c-8d6e-7f8091a2b3c4";
    /** The {@code clusterId} of cluster {@code b}. */
    public static final String CLUSTER_B = "1c8e6d3f-4a5b-4c6d-9e7f-8091a2b3c4d5";

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>();
        config.put("infergate.simulator.phase-delay", "500ms");
        simulated(config, "a", CLUSTER_A);
        simulated(config, "b", CLUSTER_B);
        return config;
    }

    /**
     * Adds a simulated cluster and the gateway route to it.
     */
    public static void simulated(Map<String, String> config, String name, String id) {
        int port = FreePorts.next();
        config.put("infergate.simulator.clusters.sim-" + name + ".id", id);
        config.put("infergate.simulator.clusters.sim-" + name + ".port", Integer.toString(port));
        config.put("infergate.clusters." + name + ".id", id);
        config.put("infergate.clusters." + name + ".url", "http://127.0.0.1:" + port);
        config.put("infergate.clusters." + name + ".request-timeout", "3s");
    }

    @Override
    public void stop() {
        // The simulated control planes live and die with the application under test.
    }
}
