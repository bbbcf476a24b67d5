package io.infergate.upstream;

import static io.infergate.testing.Authenticated.given;
import static io.infergate.testing.RunningSimulator.CLUSTER_A;
import static io.infergate.testing.Simulators.createBody;
import static io.infergate.testing.VendorApi.COLLECTION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.infergate.observability.Meters;
import io.infergate.testing.RunningSimulator;
import io.infergate.testing.Simulators;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * The pool of a slow control plane, seen through its meters: how many requests hold a connection, how many wait for
 * one, and that every connection is given back, whether its exchange ended well or in a reset.
 */
@QuarkusTest
@TestProfile(UpstreamPoolMetersTest.SmallPool.class)
@WithTestResource(RunningSimulator.class)
class UpstreamPoolMetersTest {

    /** Cluster a keeps at most two connections. */
    public static class SmallPool implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("infergate.clusters.a.pool-size", "2");
        }
    }

    @Inject
    MeterRegistry registry;

    @AfterEach
    void reset() {
        Simulators.reset("sim-a", "sim-b");
    }

    @Test
    void shouldShowRequestsWaitingForAFullPoolAndGiveEveryConnectionBack() {
        String id = Simulators.createDirectly("sim-a", createBody(CLUSTER_A, "3", "pooled"));
        given().get(COLLECTION + "/" + id).then().statusCode(200);
        long waitsBefore = registry.get(Meters.UPSTREAM_POOL_WAIT).tag(Meters.CLUSTER, "a").timer().count();
        faults("{\"latencyMs\":1000,\"operations\":[\"get\"]}");

        List<CompletableFuture<Integer>> reads = new ArrayList<>();
        // two rounds of 1 s through two connections: the second round waits, well within the 3 s request timeout
        for (int i = 0; i < 4; i++) {
            reads.add(CompletableFuture.supplyAsync(() -> given().get(COLLECTION + "/" + id).statusCode()));
        }

        // both connections busy and the rest queued (a request that waits while its connection is being made counts as
        // waiting too, so the two are looked at together)
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                .until(() -> gauge(Meters.UPSTREAM_POOL_LEASED) == 2 && gauge(Meters.UPSTREAM_POOL_WAITING) >= 1);
        assertThat(gauge(Meters.UPSTREAM_POOL_SIZE)).isEqualTo(2);
        assertThat(reads).allSatisfy(read -> assertThat(read.join()).isEqualTo(200));
        assertThat(gauge(Meters.UPSTREAM_POOL_LEASED)).isZero();
        assertThat(gauge(Meters.UPSTREAM_POOL_WAITING)).isZero();
        assertThat(registry.get(Meters.UPSTREAM_POOL_WAIT).tag(Meters.CLUSTER, "a").timer().count())
                .isGreaterThanOrEqualTo(waitsBefore + 4);
    }

    @Test
    void shouldGiveBackTheConnectionsOfResetExchanges() {
        String id = Simulators.createDirectly("sim-a", createBody(CLUSTER_A, "3", "reset"));
        given().get(COLLECTION + "/" + id).then().statusCode(200);
        faults("{\"resetRate\":1.0,\"operations\":[\"get\"]}");

        for (int i = 0; i < 4; i++) {
            given().get(COLLECTION + "/" + id).then().statusCode(502);
        }

        await().atMost(Duration.ofSeconds(5)).until(() -> gauge(Meters.UPSTREAM_POOL_LEASED) == 0);
        assertThat(gauge(Meters.UPSTREAM_POOL_WAITING)).isZero();
    }

    private static void faults(String json) {
        Simulators.at("sim-a").contentType(ContentType.JSON).body(json).put("/_sim/faults").then().statusCode(200);
    }

    private double gauge(String name) {
        return registry.get(name).tag(Meters.CLUSTER, "a").gauge().value();
    }
}
