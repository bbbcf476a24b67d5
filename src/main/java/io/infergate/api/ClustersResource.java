package io.infergate.api;

import java.util.List;
import java.util.UUID;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.infergate.cluster.UsableClusters;
import io.infergate.security.Callers;
import io.infergate.security.Grants;
import io.infergate.upstream.ClusterGuard;
import io.infergate.upstream.ClusterHealth;
import io.infergate.upstream.UpstreamClients;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.NonBlocking;

/**
 * {@code GET /infergate/v1/clusters}: what an operator asks first during an incident, per cluster and as seen by this
 * replica. Each caller sees only the clusters it may use (an admin every one): names, ids, breaker state and latency
 * of the others are none of its business.
 */
@Path("/infergate/v1/clusters")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class ClustersResource {

    private final UpstreamClients clients;
    private final Grants grants;
    private final Callers callers;
    private final SecurityIdentity identity;

    ClustersResource(UpstreamClients clients, Grants grants, Callers callers, SecurityIdentity identity) {
        this.clients = clients;
        this.grants = grants;
        this.callers = callers;
        this.identity = identity;
    }

    @GET
    @NonBlocking
    public List<ClusterView> clusters() {
        UsableClusters usable = grants.usable(callers.of(identity));
        return clients.all()
                .stream()
                .filter(guard -> usable.contains(guard.cluster()))
                .map(ClustersResource::view)
                .toList();
    }

    private static ClusterView view(ClusterGuard guard) {
        ClusterHealth health = guard.health();
        return new ClusterView(guard.cluster().name(), guard.cluster().id(), health.breaker().name(),
                health.inFlight(), health.recent());
    }

    /**
     * One cluster's state.
     *
     * @param name the configured short name
     * @param id the Run:ai {@code clusterId}
     * @param breaker {@code CLOSED}, {@code OPEN} or {@code HALF_OPEN}
     * @param inFlight requests in flight to it from this replica
     * @param recent how the last requests went
     */
    public record ClusterView(String name, UUID id, String breaker, int inFlight, ClusterHealth.Recent recent) {
    }
}
