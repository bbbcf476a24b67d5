package io.infergate.simulator;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Settings of the Run:ai control-plane simulator ({@code infergate.simulator.*}). Nothing is simulated unless
 * {@link #clusters()} has at least one entry, so production never runs it by accident.
 */
@ConfigMapping(prefix = "infergate.simulator")
public interface SimulatorConfig {

    /**
     * The simulated clusters, keyed by a short name used in logs ({@code infergate.simulator.clusters.<name>.*}). Each one
     * gets its own control plane on its own port. Empty (the default) means the simulator does not start.
     */
    Map<String, SimulatedCluster> clusters();

    /**
     * Time a workload spends in each transient phase: Creating, Pending and Initializing after a create, Updating after a
     * patch, Deleting after a delete ({@code infergate.simulator.phase-delay}).
     */
    @WithDefault("2s")
    Duration phaseDelay();

    /**
     * Lifetime of the access tokens issued by {@code POST /api/v1/token}; it sets the JWT {@code exp} claim and the
     * {@code expiresIn} field ({@code infergate.simulator.token-ttl}).
     */
    @WithDefault("1h")
    Duration tokenTtl();

    /**
     * Accepted client credentials, {@code infergate.simulator.credentials.<clientId>=<clientSecret>}. When there are none,
     * any non-blank client id and secret get a token.
     */
    Map<String, String> credentials();

    /**
     * Whether every workload request ({@code /api/v1/workloads/distributed-inferences} and {@code .../{workloadId}}, all
     * methods) must carry {@code Authorization: Bearer <token>} with a token this cluster's control plane issued, not
     * expired and not revoked; any other request is answered 401 with the vendor {@code Error} body and has no effect
     * ({@code infergate.simulator.require-token}). Off by default: tokens are then only read for {@code createdBy}, so
     * tokens of a real identity provider work too. {@code /api/v1/token} and {@code /_sim/*} never need a token.
     */
    @WithDefault("false")
    boolean requireToken();

    /**
     * One simulated Run:ai cluster and the control plane that serves it.
     */
    interface SimulatedCluster {

        /**
         * The Run:ai {@code clusterId} this control plane manages; creates naming another cluster are rejected with 400
         * ({@code infergate.simulator.clusters.<name>.id}).
         */
        UUID id();

        /**
         * TCP port the control plane listens on ({@code infergate.simulator.clusters.<name>.port}); must differ between
         * clusters and from every other server of the process.
         */
        int port();

        /**
         * Interface the control plane binds to ({@code infergate.simulator.clusters.<name>.host}); loopback by default so
         * a simulator switched on by mistake is not reachable from the network.
         */
        @WithDefault("127.0.0.1")
        String host();

        /**
         * What the control plane does with a field the bundled contract does not define
         * ({@code infergate.simulator.clusters.<name>.unknown-fields}): {@code accept} it and echo it back, as the vendor
         * schemas allow, or {@code reject} it with a 400 naming it, as a strictly checking control plane would. Every other
         * part of a create or patch body is checked against the contract either way.
         */
        @WithDefault("accept")
        UnknownFields unknownFields();
    }
}
