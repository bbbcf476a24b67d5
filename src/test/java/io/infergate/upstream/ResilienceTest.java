package io.infergate.upstream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static io.infergate.testing.Authenticated.given;
import static io.infergate.testing.Simulators.createBody;
import static io.infergate.testing.VendorApi.COLLECTION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import io.infergate.observability.Meters;
import io.infergate.testing.FaultyClusters;
import io.infergate.testing.InjectWireMock;
import io.infergate.testing.RunningSimulator;
import io.infergate.testing.Simulators;
import io.infergate.testing.TestTokens;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.logging.Log;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;

/**
 * Each guard of docs/design.md principles 3 and 4 shown against injected faults: WireMock for faults on demand, the simulator
 * for a healthy cluster that must not notice any of it.
 */
@QuarkusTest
@WithTestResource(FaultyClusters.class)
class ResilienceTest {

    @InjectWireMock
    WireMockServer wireMock;

    @Inject
    MeterRegistry registry;

    @BeforeEach
    void reset() {
        resetWireMock();
        CircuitBreakerMaintenance.get().resetAll();
        Simulators.reset("sim-a");
    }

    /**
     * Clears stubs and journal; anything not stubbed by a test is a vendor-shaped 404.
     */
    private void resetWireMock() {
        wireMock.resetAll();
        wireMock.stubFor(any(anyUrl()).atPriority(10)
                .willReturn(json(404, "{\"code\":404,\"message\":\"Resource id not found.\"}")));
    }

    @Test
    void shouldRetryA503AndAnswerWithTheSuccess() {
        String id = rememberedOnWm();
        wireMock.stubFor(get(urlEqualTo(COLLECTION + "/" + id)).inScenario("flap").whenScenarioStateIs(STARTED)
                .willReturn(json(503, "{\"code\":503,\"message\":\"Please try again in few minutes.\"}"))
                .willSetStateTo("up"));
        wireMock.stubFor(get(urlEqualTo(COLLECTION + "/" + id)).inScenario("flap").whenScenarioStateIs("up")
                .willReturn(json(200, owned(id, FaultyClusters.CLUSTER_WM))));

        given().get(COLLECTION + "/" + id).then().statusCode(200).body("workloadId", equalTo(id));

        wireMock.verify(2, getRequestedFor(urlEqualTo(COLLECTION + "/" + id)));
    }

    @Test
    void shouldWaitForRetryAfterBeforeResendingACreateAnswered429() {
        wireMock.stubFor(post(urlEqualTo(COLLECTION)).inScenario("busy").whenScenarioStateIs(STARTED)
                .willReturn(json(429, "{\"code\":429,\"message\":\"Too many requests\"}").withHeader("Retry-After", "1"))
                .willSetStateTo("free"));
        wireMock.stubFor(post(urlEqualTo(COLLECTION)).inScenario("busy").whenScenarioStateIs("free")
                .willReturn(json(202, "{\"workloadId\":\"" + UUID.randomUUID() + "\"}")));

        given().contentType(ContentType.JSON).body(createBody(FaultyClusters.CLUSTER_WM, "7", "patient")).post(COLLECTION)
                .then().statusCode(202);

        List<LoggedRequest> sent = wireMock.findAll(postRequestedFor(urlEqualTo(COLLECTION)));
        assertThat(sent).hasSize(2);
        assertThat(Duration.between(sent.get(0).getLoggedDate().toInstant(), sent.get(1).getLoggedDate().toInstant()))
                .isGreaterThanOrEqualTo(Duration.ofMillis(950));
    }

    @Test
    void shouldRetryAResetGet() {
        String id = rememberedOnWm();
        wireMock.stubFor(get(urlEqualTo(COLLECTION + "/" + id)).inScenario("reset").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)).willSetStateTo("back"));
        wireMock.stubFor(get(urlEqualTo(COLLECTION + "/" + id)).inScenario("reset").whenScenarioStateIs("back")
                .willReturn(json(200, owned(id, FaultyClusters.CLUSTER_WM))));

        given().get(COLLECTION + "/" + id).then().statusCode(200);
    }

    @Test
    void shouldNeverResendACreateThatMetAReset() {
        // Given a control plane that reads each request and then drops the connection
        Simulators.at("sim-a").contentType(ContentType.JSON).body("{\"resetRate\":1.0}").put("/_sim/faults").then()
                .statusCode(200);

        given().contentType(ContentType.JSON).body(createBody(RunningSimulator.CLUSTER_A, "7", "once")).post(COLLECTION)
                .then()
                .statusCode(502)
                .body("details", containsString("workload 'once' may have been created in project 7"));

        assertThat(Simulators.stats("sim-a")).containsEntry("create", 1);
    }

    @Test
    void shouldAnswer504WithinTheDeadlineWhenTheClusterIsTooSlow() {
        String id = rememberedOn(FaultyClusters.CLUSTER_SLOW);
        wireMock.stubFor(get(urlEqualTo(COLLECTION + "/" + id)).willReturn(json(200, "{}").withFixedDelay(2_000)));

        given().get(COLLECTION + "/" + id)
                .then()
                .statusCode(504)
                .body("details", containsString("Cluster slow did not answer within 500 ms"));

        // one attempt and two retries, each cut at the 500 ms request timeout, all inside the 4 s deadline
        wireMock.verify(3, getRequestedFor(urlEqualTo(COLLECTION + "/" + id)));
    }

    @Test
    void shouldAnswer504WithoutResendingACreateThatTimedOut() {
        wireMock.stubFor(post(urlEqualTo(COLLECTION)).willReturn(json(202, "{}").withFixedDelay(2_000)));

        given().contentType(ContentType.JSON).body(createBody(FaultyClusters.CLUSTER_SLOW, "7", "slowpoke")).post(COLLECTION)
                .then()
                .statusCode(504)
                .body("details", containsString("workload 'slowpoke' may have been created in project 7"));

        wireMock.verify(1, postRequestedFor(urlEqualTo(COLLECTION)));
    }

    @Test
    void shouldTakeACreateCutShortByTheDeadlineAsPossiblyCreated() {
        // Given a create still in flight when the cluster's deadline passes
        wireMock.stubFor(post(urlEqualTo(COLLECTION)).willReturn(json(202, "{}").withFixedDelay(2_000)));

        // Then the caller is told it may exist, and it is not resent
        given().contentType(ContentType.JSON).body(createBody(FaultyClusters.CLUSTER_HASTY, "7", "rushed")).post(COLLECTION)
                .then()
                .statusCode(504)
                .body("details", containsString("workload 'rushed' may have been created in project 7"));
        wireMock.verify(1, postRequestedFor(urlEqualTo(COLLECTION)));
    }

    @Test
    void shouldOpenTheBreakerFailFastAndRecoverThroughHalfOpenWhileOtherClustersServe() throws Exception {
        String id = rememberedOnWm();
        wireMock.stubFor(get(urlEqualTo(COLLECTION + "/" + id))
                .willReturn(json(500, "{\"code\":500,\"message\":\"Something went wrong.\"}")));

        // When the cluster fails enough of its last 4 attempts (the create that remembered the workload succeeded)
        for (int i = 0; i < 3; i++) {
            given().get(COLLECTION + "/" + id).then().statusCode(500);
        }

        // Then it fails fast without being asked, names the cluster and says when to come back
        given().get(COLLECTION + "/" + id)
                .then()
                .statusCode(503)
                .header("Retry-After", "1")
                .body("details", containsString("Cluster wm was not asked: its circuit breaker is open"));
        Log.infof("while the breaker is open, answers take %.2f ms (median of 20)", medianMillisOf503s(id, 20));
        wireMock.verify(3, getRequestedFor(urlEqualTo(COLLECTION + "/" + id)));
        given().get("/infergate/v1/clusters").then().body("find { it.name == 'wm' }.breaker", equalTo("OPEN"));

        // And a workload absent elsewhere is not reported missing while wm cannot be asked
        given().get(COLLECTION + "/" + UUID.randomUUID()).then().statusCode(503).body("details",
                containsString("wm (was not asked: its circuit breaker is open)"));

        // And the healthy cluster is unaffected
        given().contentType(ContentType.JSON).body(createBody(RunningSimulator.CLUSTER_A, "7", "unaffected"))
                .post(COLLECTION).then().statusCode(202);

        // When the cluster recovers, a trial request after the breaker delay closes the breaker again
        wireMock.stubFor(get(urlEqualTo(COLLECTION + "/" + id)).willReturn(json(200, owned(id, FaultyClusters.CLUSTER_WM))));
        Thread.sleep(1_100);
        given().get(COLLECTION + "/" + id).then().statusCode(200);
        given().get("/infergate/v1/clusters").then().body("find { it.name == 'wm' }.breaker", equalTo("CLOSED"));
    }

    @Test
    void shouldCancelTheClustersStillAnsweringOnceAnotherHasTheWorkload() {
        // Given a workload on the simulated cluster, and every WireMock cluster stalling on lookups
        String id = Simulators.createDirectly("sim-a", createBody(RunningSimulator.CLUSTER_A, "7", "found-first"));
        wireMock.stubFor(get(urlEqualTo(COLLECTION + "/" + id)).willReturn(json(404, "{}").withFixedDelay(3_000)));
        wireMock.stubFor(post(urlEqualTo(COLLECTION)).withRequestBody(containing(FaultyClusters.CLUSTER_NARROW))
                .willReturn(json(202, "{\"workloadId\":\"" + UUID.randomUUID() + "\"}")));

        // When the workload is located
        given().get(COLLECTION + "/" + id).then().statusCode(200).body("workloadId", equalTo(id));

        // Then the stalled lookups were cancelled: narrow (one slot, one queued) at once takes two creates again
        List<Integer> statuses = IntStream.range(0, 2)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> given().contentType(ContentType.JSON)
                        .body(createBody(FaultyClusters.CLUSTER_NARROW, "7", "after-locate-" + i))
                        .post(COLLECTION)
                        .statusCode()))
                .toList()
                .stream()
                .map(CompletableFuture::join)
                .toList();
        assertThat(statuses).containsExactly(202, 202);
    }

    @Test
    void shouldCapRetriesWithTheRetryBudget() {
        // Given a cluster that answers every create with 503, which invites a retry; its budget (20 % of the requests of
        // the last 10 s, at least 2) also counts what earlier tests of this application sent it, at most all of it
        wireMock.stubFor(post(urlEqualTo(COLLECTION)).withRequestBody(containing(FaultyClusters.CLUSTER_STORMY))
                .willReturn(json(503, "{\"code\":503,\"message\":\"Please try again in few minutes.\"}")));
        long earlier = attemptsTo("stormy");

        // When 20 creates are sent, each allowed 2 retries
        for (int i = 0; i < 20; i++) {
            given().contentType(ContentType.JSON).body(createBody(FaultyClusters.CLUSTER_STORMY, "7", "storm-" + i))
                    .post(COLLECTION).then().statusCode(503);
        }

        // Then retries add at most 20 % of the requests in the window, not 200 % (40)
        int attempts = wireMock.findAll(postRequestedFor(urlEqualTo(COLLECTION))
                .withRequestBody(containing(FaultyClusters.CLUSTER_STORMY))).size();
        long allowed = Math.max(2, (long) Math.floor(0.2 * (20 + earlier)));
        assertThat(attempts).as("attempts, with %d earlier requests to the cluster", earlier).isBetween(20, 20 + (int) allowed);
    }

    /**
     * @return every attempt the gateway has sent the cluster so far, for callers and follow-ups alike
     */
    private long attemptsTo(String cluster) {
        return registry.find(Meters.UPSTREAM_ATTEMPTS).tag(Meters.CLUSTER, cluster).timers().stream()
                .mapToLong(Timer::count)
                .sum();
    }

    @Test
    void shouldRejectBeyondTheBulkheadAndItsQueue() {
        // Given a cluster allowed one request in flight and one waiting, answering slowly
        wireMock.stubFor(post(urlEqualTo(COLLECTION)).withRequestBody(containing(FaultyClusters.CLUSTER_NARROW))
                .willReturn(json(202, "{\"workloadId\":\"" + UUID.randomUUID() + "\"}").withFixedDelay(1_500)));
        ExecutorService callers = Executors.newFixedThreadPool(4);
        try {
            // When four creates arrive together
            List<CompletableFuture<Integer>> calls = IntStream.range(0, 4)
                    .mapToObj(i -> CompletableFuture.supplyAsync(() -> given().contentType(ContentType.JSON)
                            .body(createBody(FaultyClusters.CLUSTER_NARROW, "7", "narrow-" + i))
                            .post(COLLECTION)
                            .statusCode(), callers))
                    .toList();

            // Then two go through, one after the other, and two are turned away at once without reaching the cluster
            assertThat(calls.stream().map(CompletableFuture::join).toList()).containsExactlyInAnyOrder(202, 202, 503, 503);
            wireMock.verify(2, postRequestedFor(urlEqualTo(COLLECTION)));
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void shouldReportADeleteRetriedAfterAnAmbiguousAttemptAndThen404AsAccepted() {
        String id = rememberedOnWm();
        wireMock.stubFor(delete(urlEqualTo(COLLECTION + "/" + id)).inScenario("gone").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)).willSetStateTo("deleted"));
        wireMock.stubFor(delete(urlEqualTo(COLLECTION + "/" + id)).inScenario("gone").whenScenarioStateIs("deleted")
                .willReturn(json(404, "{\"code\":404,\"message\":\"Resource id not found.\"}")));

        given().delete(COLLECTION + "/" + id)
                .then()
                .statusCode(202)
                .body("message", equalTo("Request has been accepted."));
        wireMock.verify(2, deleteRequestedFor(urlEqualTo(COLLECTION + "/" + id)));
    }

    @Test
    void shouldAnswer502ForAnOversizedAnswerNeverA2xx() {
        String big = rememberedOnWm();
        wireMock.stubFor(get(urlEqualTo(COLLECTION + "/" + big))
                .willReturn(json(200, "{\"pad\":\"" + "x".repeat(100 * 1024) + "\"}")));
        given().get(COLLECTION + "/" + big).then().statusCode(502).body("details", containsString("not a Run:ai response"));
    }

    @Test
    void shouldAnswer502ForATruncatedAnswerNeverA2xx() {
        String cut = rememberedOnWm();
        wireMock.stubFor(get(urlEqualTo(COLLECTION + "/" + cut))
                .willReturn(aResponse().withFault(Fault.RANDOM_DATA_THEN_CLOSE)));
        given().get(COLLECTION + "/" + cut).then().statusCode(502);
    }

    /**
     * Timing is reported, not asserted: the figure goes to the log (and the closing note), the test asserts that no
     * request reached the cluster.
     */
    private static double medianMillisOf503s(String id, int calls) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(
                URI.create(RestAssured.baseURI + ":" + RestAssured.port + COLLECTION + "/" + id))
                .header("Authorization", TestTokens.adminHeader())
                .build();
        long[] nanos = new long[calls];
        for (int i = 0; i < calls; i++) {
            long start = System.nanoTime();
            assertThat(http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(503);
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        return nanos[calls / 2] / 1e6;
    }

    private String rememberedOnWm() {
        return rememberedOn(FaultyClusters.CLUSTER_WM);
    }

    /**
     * @return a workload the gateway created on that WireMock cluster, so it sends by-id requests there directly
     */
    private String rememberedOn(String clusterId) {
        String id = UUID.randomUUID().toString();
        wireMock.stubFor(post(urlEqualTo(COLLECTION)).withRequestBody(containing(clusterId))
                .willReturn(json(202, owned(id, clusterId))));
        given().contentType(ContentType.JSON).body(createBody(clusterId, "7", "w-" + id)).post(COLLECTION)
                .then().statusCode(202);
        resetWireMock();
        return id;
    }

    /**
     * @return the two ids of a {@code DistributedInference} the gateway checks before it takes a cluster for the owner
     */
    private static String owned(String workloadId, String clusterId) {
        return "{\"workloadId\":\"" + workloadId + "\",\"clusterId\":\"" + clusterId + "\"}";
    }

    private static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }
}
