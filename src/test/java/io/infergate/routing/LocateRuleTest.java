package io.infergate.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import io.infergate.cluster.Cluster;
import io.infergate.cluster.Owner;
import io.infergate.upstream.UpstreamResponse;
import io.smallrye.mutiny.Uni;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;

/**
 * The rule that turns the answers of a fan-out into one outcome, and the fan-out's early finish.
 */
class LocateRuleTest {

    private final Cluster a = cluster("a");
    private final Cluster b = cluster("b");
    private final Cluster c = cluster("c");

    @Test
    void shouldDecideOnTheFirst200AndCancelTheClustersStillAnswering() {
        // Given a cluster that will never answer and one that holds the workload
        AtomicBoolean cancelled = new AtomicBoolean();
        Uni<ClusterResult> silent = Uni.createFrom().<ClusterResult> nothing().onCancellation().invoke(() -> cancelled
                .set(true));
        Uni<ClusterResult> owner = Uni.createFrom().item(found(b));

        // When both are asked
        LocateTally tally = WorkloadLocator.gather(List.of(silent, owner), LocateTally.expecting(2, List.of()))
                .await()
                .atMost(Duration.ofSeconds(5));

        // Then the owner wins and the silent cluster's request is cancelled
        assertThat(tally.found()).hasValueSatisfying(found -> assertThat(found.cluster()).isEqualTo(b));
        assertThat(cancelled).isTrue();
    }

    @Test
    void shouldCallAWorkloadAbsentOnlyWhenEveryClusterSaid404() {
        LocateTally tally = LocateTally.expecting(2, List.of(new ClusterResult.Absent(a)))
                .add(new ClusterResult.Absent(b));
        assertThat(tally.decided()).isFalse();

        tally.add(new ClusterResult.Absent(c));

        assertThat(tally.decided()).isTrue();
        assertThat(tally.found()).isEmpty();
        assertThat(tally.failures()).isEmpty();
        assertThat(tally.refusal()).isEmpty();
    }

    @Test
    void shouldWaitForEveryAnswerAndKeepTheFailuresWhenNoClusterHasTheWorkload() {
        Uni<ClusterResult> absent = Uni.createFrom().item(new ClusterResult.Absent(a));
        Uni<ClusterResult> failed = Uni.createFrom().item(new ClusterResult.Failed(b, "timed out"));

        LocateTally tally = WorkloadLocator.gather(List.of(absent, failed), LocateTally.expecting(2, List.of()))
                .await()
                .atMost(Duration.ofSeconds(5));

        assertThat(tally.found()).isEmpty();
        assertThat(tally.failures()).extracting(ClusterResult.Failed::cluster).containsExactly(b);
    }

    @Test
    void shouldPreferAFoundWorkloadOverAnyFailure() {
        LocateTally tally = LocateTally.expecting(3, List.of())
                .add(new ClusterResult.Failed(a, "unreachable"))
                .add(found(c));

        assertThat(tally.decided()).isTrue();
        assertThat(tally.found()).isPresent();
    }

    private static ClusterResult.Found found(Cluster cluster) {
        return new ClusterResult.Found(new Owner(cluster, null),
                new UpstreamResponse(cluster, 200, MultiMap.caseInsensitiveMultiMap(), Buffer.buffer("{}")));
    }

    private static Cluster cluster(String name) {
        return new Cluster(name, UUID.randomUUID(), URI.create("http://127.0.0.1:1"));
    }
}
