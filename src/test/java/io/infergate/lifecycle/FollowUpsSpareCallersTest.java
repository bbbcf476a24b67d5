package io.infergate.lifecycle;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static io.infergate.testing.Authenticated.given;
import static io.infergate.testing.Simulators.createBody;
import static io.infergate.testing.VendorApi.COLLECTION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;

import io.infergate.observability.Meters;
import io.infergate.testing.InjectWireMock;
import io.infergate.testing.WireMockCluster;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;

/**
 * Follow-up reads are background work: against a cluster that resets every connection they are not retried, spend none
 * of the retry budget that protects callers' requests and never open the breaker, so callers' gets keep retrying
 * through; they are counted apart ({@code origin="followup"}); and they wait while callers' requests hold the breaker
 * open.
 */
@QuarkusTest
@TestProfile(FollowUpsSpareCallersTest.FollowUpsOn.class)
@WithTestResource(FollowUpsSpareCallersTest.TightCluster.class)
class FollowUpsSpareCallersTest {

    /** Follow-ups on, read every 50 ms. */
    public static class FollowUpsOn implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("infergate.lifecycle.enabled", "true",
                    "infergate.lifecycle.poll-interval", "50ms",
                    "infergate.lifecycle.timeout", "60s");
        }
    }

    /**
     * Cluster {@code wm} with a tight retry budget (3 retries per 10 s) and a breaker that opens when half of 8
     * attempts fail and stays open for 30 s.
     */
    public static class TightCluster extends WireMockCluster {

        @Override
        protected Map<String, String> config(String baseUrl) {
            Map<String, String> config = new HashMap<>(super.config(baseUrl));
            // generous: the first requests meet a cold JVM on a busy machine, and only resets are meant to fail here
            config.put("infergate.clusters.wm.request-timeout", "3s");
            config.put("infergate.clusters.wm.deadline", "4s");
            config.put("infergate.clusters.wm.retry.initial-backoff", "10ms");
            config.put("infergate.clusters.wm.retry.max-backoff", "50ms");
            config.put("infergate.clusters.wm.retry.max-retries", "2");
            config.put("infergate.clusters.wm.retry.budget-ratio", "0.1");
            config.put("infergate.clusters.wm.retry.budget-minimum", "3");
            config.put("infergate.clusters.wm.breaker.request-volume", "8");
            config.put("infergate.clusters.wm.breaker.failure-ratio", "0.5");
            config.put("infergate.clusters.wm.breaker.delay", "30s");
            return config;
        }
    }

    @InjectWireMock
    WireMockServer wireMock;
    @Inject
    MeterRegistry registry;

    @BeforeEach
    void reset() {
        wireMock.resetAll();
        // every read of a followed workload (and anything not stubbed) meets a reset connection
        wireMock.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        CircuitBreakerMaintenance.get().resetAll();
    }

    @Test
    void shouldNeitherSpendTheRetryBudgetNorOpenTheBreakerWithFollowUpsOfAClusterResettingEveryConnection() {
        // Given four workloads followed on a cluster that resets every connection
        double retriesBefore = retries();
        double exhaustedBefore = registry.counter(Meters.UPSTREAM_RETRY_BUDGET_EXHAUSTED, Meters.CLUSTER, "wm").count();
        double openedBefore = opened();
        long readsBefore = followUpReads();
        int getsBefore = gets();
        for (int i = 0; i < 4; i++) {
            created("followed-" + i);
        }

        // When they have been read forty times, all failing
        await().atMost(Duration.ofSeconds(20)).until(() -> gets() >= getsBefore + 40);

        // Then no read was retried, the budget is whole and the breaker closed, and the reads are counted apart
        assertThat(followUpReads()).isGreaterThanOrEqualTo(readsBefore + 40);
        assertThat(retries()).isEqualTo(retriesBefore);
        assertThat(registry.counter(Meters.UPSTREAM_RETRY_BUDGET_EXHAUSTED, Meters.CLUSTER, "wm").count())
                .isEqualTo(exhaustedBefore);
        assertThat(opened()).isEqualTo(openedBefore);
        assertThat(CircuitBreakerMaintenance.get().currentState("cluster-wm").name()).isEqualTo("CLOSED");

        // And callers' gets that meet one reset each retry through: 3 of 3, within the budget the follow-ups left whole
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            statuses.add(getMeetingOneReset());
        }
        assertThat(statuses).containsExactly(200, 200, 200);
        assertThat(retries()).isEqualTo(retriesBefore + 3);
        assertThat(callerAttempts()).isGreaterThanOrEqualTo(6);
    }

    @Test
    void shouldNotReadWhileCallersRequestsHoldTheBreakerOpen() throws Exception {
        // Given a followed workload, and the breaker opened by callers' gets that fail
        created("waiting");
        await().atMost(Duration.ofSeconds(20)).until(() -> followUpReads() > 0);
        String failing = UUID.randomUUID().toString();
        wireMock.stubFor(get(urlEqualTo(COLLECTION + "/" + failing))
                .willReturn(json(500, "{\"code\":500,\"message\":\"Something went wrong.\"}")));
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            given().get(COLLECTION + "/" + failing);
            return "OPEN".equals(CircuitBreakerMaintenance.get().currentState("cluster-wm").name());
        });

        // When ten poll intervals pass (after a moment for a read already under way to end)
        Thread.sleep(100);
        long readsWhileOpen = followUpReads();
        int getsWhileOpen = gets();
        Thread.sleep(500);

        // Then no follow-up read was sent
        assertThat(followUpReads()).isEqualTo(readsWhileOpen);
        assertThat(gets()).isEqualTo(getsWhileOpen);
    }

    private int gets() {
        return wireMock.countRequestsMatching(getRequestedFor(urlPathMatching(COLLECTION + "/.*")).build()).getCount();
    }

    /**
     * @return 200 when the gateway retried the reset it met
     */
    private int getMeetingOneReset() {
        String id = UUID.randomUUID().toString();
        wireMock.stubFor(get(urlEqualTo(COLLECTION + "/" + id)).inScenario(id).whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)).willSetStateTo("up"));
        wireMock.stubFor(get(urlEqualTo(COLLECTION + "/" + id)).inScenario(id).whenScenarioStateIs("up")
                .willReturn(json(200, "{\"workloadId\":\"" + id + "\",\"clusterId\":\"" + WireMockCluster.CLUSTER_WM
                        + "\",\"projectId\":\"7\"}")));
        return given().get(COLLECTION + "/" + id).statusCode();
    }

    private void created(String name) {
        String id = UUID.randomUUID().toString();
        wireMock.stubFor(post(urlEqualTo(COLLECTION)).willReturn(json(202,
                "{\"workloadId\":\"" + id + "\",\"clusterId\":\"" + WireMockCluster.CLUSTER_WM + "\",\"projectId\":\"7\"}")));
        given().contentType(ContentType.JSON).body(createBody(WireMockCluster.CLUSTER_WM, "7", name)).post(COLLECTION)
                .then().statusCode(202);
    }

    private long followUpReads() {
        return registry.find(Meters.UPSTREAM_ATTEMPTS).tag(Meters.CLUSTER, "wm").tag(Meters.OPERATION, "get")
                .tag(Meters.ORIGIN, Meters.ORIGIN_FOLLOWUP).timers().stream().mapToLong(Timer::count).sum();
    }

    private long callerAttempts() {
        return registry.find(Meters.UPSTREAM_ATTEMPTS).tag(Meters.CLUSTER, "wm").tag(Meters.OPERATION, "get")
                .tag(Meters.ORIGIN, Meters.ORIGIN_CALLER).timers().stream().mapToLong(Timer::count).sum();
    }

    private double retries() {
        return registry.find(Meters.UPSTREAM_RETRIES).tag(Meters.CLUSTER, "wm").counters().stream()
                .mapToDouble(Counter::count).sum();
    }

    private double opened() {
        Counter opened = registry.find(Meters.UPSTREAM_BREAKER_TRANSITIONS).tag(Meters.CLUSTER, "wm")
                .tag(Meters.STATE, "open").counter();
        return opened == null ? 0 : opened.count();
    }

    private static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }
}
