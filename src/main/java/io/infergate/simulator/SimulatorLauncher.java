package io.infergate.simulator;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.infergate.simulator.SimulatorConfig.SimulatedCluster;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * Starts one {@link SimulatedControlPlane} per configured simulated cluster when the application starts, and stops them
 * when it stops. With no simulated cluster configured it does nothing. A port that cannot be bound fails the startup:
 * a gateway silently running without the control plane it was configured against would only fail later and confusingly.
 */
@ApplicationScoped
class SimulatorLauncher {

    private static final Logger LOG = Logger.getLogger(SimulatorLauncher.class);
    /** Binding a local port takes milliseconds; the bound only guards against a wedged event loop. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final Vertx vertx;
    private final SimulatorConfig config;
    private final Clock clock;
    private final List<SimulatedControlPlane> running = new ArrayList<>();

    @Inject
    SimulatorLauncher(Vertx vertx, SimulatorConfig config) {
        this(vertx, config, Clock.systemUTC());
    }

    SimulatorLauncher(Vertx vertx, SimulatorConfig config, Clock clock) {
        this.vertx = vertx;
        this.config = config;
        this.clock = clock;
    }

    void onStart(@Observes StartupEvent event) {
        start();
    }

    void onStop(@Observes ShutdownEvent event) {
        stop();
    }

    /**
     * Starts every configured control plane, or none: on a failure the ones already started are stopped again.
     *
     * @throws IllegalStateException when the configuration is inconsistent or a port cannot be bound
     */
    synchronized void start() {
        Map<String, SimulatedCluster> clusters = new TreeMap<>(config.clusters());
        if (clusters.isEmpty()) {
            LOG.debug("No simulated Run:ai cluster configured; the simulator stays off");
            return;
        }
        requireDistinct(clusters);
        for (Map.Entry<String, SimulatedCluster> entry : clusters.entrySet()) {
            SimulatedCluster cluster = entry.getValue();
            SimulatedControlPlane controlPlane = new SimulatedControlPlane(vertx, cluster.id(), cluster.host(), cluster.port(),
                    config.phaseDelay(), config.tokenTtl(), config.credentials(), clock, config.requireToken(),
                    cluster.unknownFields());
            try {
                await(controlPlane.start());
            } catch (RuntimeException e) {
                stop();
                throw new IllegalStateException("Cannot start simulated Run:ai cluster '" + entry.getKey() + "': "
                        + e.getMessage(), e);
            }
            running.add(controlPlane);
            LOG.infof("Simulated Run:ai control plane '%s' (cluster id %s) listening on http://%s:%d%s", entry.getKey(),
                    cluster.id(), cluster.host(), controlPlane.port(), config.requireToken() ? ", tokens required" : "");
        }
    }

    synchronized void stop() {
        for (SimulatedControlPlane controlPlane : running) {
            try {
                await(controlPlane.stop());
            } catch (RuntimeException e) {
                LOG.warnf("Could not stop the simulated control plane of cluster %s: %s", controlPlane.clusterId(),
                        e.getMessage());
            }
        }
        running.clear();
    }

    /** The control planes serving now, in cluster-name order. */
    synchronized List<SimulatedControlPlane> running() {
        return List.copyOf(running);
    }

    /**
     * Two Vert.x servers on one host and port in one process share the port instead of failing, so a duplicate port would
     * silently spread requests over two clusters; duplicates are refused here instead.
     */
    private static void requireDistinct(Map<String, SimulatedCluster> clusters) {
        Map<Integer, String> byPort = new HashMap<>();
        Map<UUID, String> byId = new HashMap<>();
        clusters.forEach((name, cluster) -> {
            String samePort = cluster.port() == 0 ? null : byPort.putIfAbsent(cluster.port(), name);
            if (samePort != null) {
                throw new IllegalStateException("Simulated Run:ai clusters '" + samePort + "' and '" + name
                        + "' are both configured on port " + cluster.port());
            }
            String sameId = byId.putIfAbsent(cluster.id(), name);
            if (sameId != null) {
                throw new IllegalStateException("Simulated Run:ai clusters '" + sameId + "' and '" + name
                        + "' are both configured with id " + cluster.id());
            }
        });
    }

    /** Startup and shutdown events arrive on the main thread, never on an event loop, so waiting here is allowed. */
    private static void await(Future<Void> future) {
        try {
            future.toCompletionStage().toCompletableFuture().get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof RuntimeException runtime ? runtime : new IllegalStateException(cause.getMessage(), cause);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Timed out after " + START_TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }
}
