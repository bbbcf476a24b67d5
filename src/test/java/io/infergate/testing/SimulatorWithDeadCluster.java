package io.infergate.testing;

import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * One simulated cluster {@code a} and a cluster {@code down} whose control plane address has nothing listening: the
 * state of a gateway while one cluster is gone. Members of {@link #TEAM_A} may act on cluster {@code a} only, members of
 * {@link #TEAM_DOWN} on {@code down} only.
 */
public class SimulatorWithDeadCluster implements QuarkusTestResourceLifecycleManager {

    /** The {@code clusterId} of the unreachable cluster. */
    public static final String CLUSTER_DOWN = "2d9f7e4a-5b6c-4d7e-8f90-a1b2c3d4e5f6";
    /** A group granted everything on cluster {@code a}. */
    public static final String TEAM_A = "team-a";
    /** A group granted everything on cluster {@code down}. */
    public static final String TEAM_DOWN = "team-down";

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>();
        config.put("infergate.simulator.phase-delay", "300ms");
        RunningSimulator.simulated(config, "a", RunningSimulator.CLUSTER_A);
        config.put("infergate.clusters.down.id", CLUSTER_DOWN);
        config.put("infergate.clusters.down.url", "http://127.0.0.1:" + FreePorts.next());
        config.put("infergate.clusters.down.connect-timeout", "500ms");
        grant(config, TEAM_A, "a");
        grant(config, TEAM_DOWN, "down");
        return config;
    }

    private static void grant(Map<String, String> config, String group, String cluster) {
        String prefix = "infergate.access.grants." + group + ".";
        config.put(prefix + "groups", group);
        config.put(prefix + "clusters", cluster);
        config.put(prefix + "projects", "*");
        config.put(prefix + "operations", "*");
    }

    @Override
    public void stop() {
        // Nothing was started here.
    }
}
