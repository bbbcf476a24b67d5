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
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static io.infergate.testing.Authenticated.given;
import static io.infergate.testing.Simulators.createBody;
import static io.infergate.testing.VendorApi.COLLECTION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;

import io.infergate.observability.Meters;
import io.infergate.testing.FaultyClusters;
import io.infergate.testing.InjectWireMock;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;

/**
 * A retry the gateway itself refuses to send (its breaker is open, its bulkhead full) ends the request as running out
 * of retries would have: with what the last attempt that was sent got. Never as "not sent" when one was.
 */
@QuarkusTest
@WithTestResource(FaultyClusters.class)
class RefusedRetryTest {

    @InjectWireMock
    WireMockServer wireMock;
    @Inject
    MeterRegistry registry;

    @BeforeEach
    void reset() {
        resetWireMock();
        CircuitBreakerMaintenance.get().resetAll();
    }

    private void resetWireMock() {
        wireMock.resetAll();
        wireMock.stubFor(any(anyUrl()).atPriority(10)
                .willReturn(json(404, "{\"code\":404,\"message\":\"Resource id not found.\"}")));
    }

    @Test
    void shouldSayADeleteSentAsTheHalfOpenTrialMayHaveBeenAppliedWhenTheReopenedBreakerRefusesItsRetry()
            throws Exception {
        // Given cluster wm's breaker opened by failing gets (it opens at half of 4 attempts, half-opens after 1 s)
        String id = rememberedOn(FaultyClusters.CLUSTER_WM);
        wireMock.stubFor(get(urlEqualTo(COLLECTION + "/" + id))
                .willReturn(json(500, "{\"code\":500,\"message\":\"Something went wrong.\"}")));
        for (int i = 0; i < 3; i++) {
            given().get(COLLECTION + "/" + id).then().statusCode(500);
        }
        given().get(COLLECTION + "/" + id).then().statusCode(503).body("details", containsString("circuit breaker is open"));
        Thread.sleep(1_100);

        // When a delete is the half-open trial, answered 202 with an empty body, which reopens the breaker before its retry
        wireMock.stubFor(delete(urlEqualTo(COLLECTION + "/" + id)).willReturn(aResponse().withStatus(202)));

        // Then the caller hears that the delete was sent and may have been applied, not that it was not sent
        given().delete(COLLECTION + "/" + id)
                .then()
                .statusCode(502)
                .body("details", containsString("Cluster wm answered 202 with a body that is not a Run:ai response."))
                .body("details", containsString("InferGate did not send the retry: its circuit breaker is open."))
                .body("details", containsString("it may have been applied"))
                .body("details", not(containsString("not sent.")));
        wireMock.verify(1, deleteRequestedFor(urlEqualTo(COLLECTION + "/" + id)));
    }

    @Test
    void shouldPassBackTheControlPlanesAnswerWhenAFullBulkheadRefusesTheRetry() throws Exception {
        // Given cluster narrow (one request in flight, one waiting) answering a get 503 with Retry-After: 1
        String id = rememberedOn(FaultyClusters.CLUSTER_NARROW);
        String busy = "{\"code\":503,\"message\":\"Please try again in few minutes.\"}";
        wireMock.stubFor(get(urlEqualTo(COLLECTION + "/" + id)).inScenario("busy").whenScenarioStateIs(STARTED)
                .willReturn(json(503, busy).withHeader("Retry-After", "1")).willSetStateTo("free"));
        wireMock.stubFor(get(urlEqualTo(COLLECTION + "/" + id)).inScenario("busy").whenScenarioStateIs("free")
                .willReturn(json(200, "{\"workloadId\":\"" + id + "\",\"clusterId\":\"" + FaultyClusters.CLUSTER_NARROW
                        + "\"}")));
        wireMock.stubFor(post(urlEqualTo(COLLECTION)).withRequestBody(containing(FaultyClusters.CLUSTER_NARROW))
                .willReturn(json(202, "{\"workloadId\":\"" + UUID.randomUUID() + "\",\"clusterId\":\""
                        + FaultyClusters.CLUSTER_NARROW + "\"}").withFixedDelay(2_500)));
        double rejectedBefore = registry.counter(Meters.UPSTREAM_BULKHEAD_REJECTIONS, Meters.CLUSTER, "narrow").count();

        // When, while the get waits the second it was asked to, two slow creates take the slot and the queue
        CompletableFuture<Response> read = CompletableFuture.supplyAsync(() -> given().get(COLLECTION + "/" + id));
        Thread.sleep(200);
        CompletableFuture<Integer> first = create("narrow-1");
        Thread.sleep(200);
        CompletableFuture<Integer> second = create("narrow-2");

        // Then the get's retry was refused, and the caller gets the control plane's 503, the last word it sent
        String body = read.get(10, TimeUnit.SECONDS).then().statusCode(503).extract().asString();
        assertThat(body).isEqualTo(busy);
        assertThat(registry.counter(Meters.UPSTREAM_BULKHEAD_REJECTIONS, Meters.CLUSTER, "narrow").count())
                .isEqualTo(rejectedBefore + 1);
        wireMock.verify(1, getRequestedFor(urlEqualTo(COLLECTION + "/" + id)));
        assertThat(List.of(first.get(10, TimeUnit.SECONDS), second.get(10, TimeUnit.SECONDS))).containsExactly(202, 202);
    }

    private static CompletableFuture<Integer> create(String name) {
        return CompletableFuture.supplyAsync(() -> given().contentType(ContentType.JSON)
                .body(createBody(FaultyClusters.CLUSTER_NARROW, "7", name))
                .post(COLLECTION)
                .statusCode());
    }

    /**
     * @return a workload the gateway created on that WireMock cluster, so it sends by-id requests there directly
     */
    private String rememberedOn(String clusterId) {
        String id = UUID.randomUUID().toString();
        wireMock.stubFor(post(urlEqualTo(COLLECTION)).withRequestBody(containing(clusterId))
                .willReturn(json(202, "{\"workloadId\":\"" + id + "\",\"clusterId\":\"" + clusterId + "\"}")));
        given().contentType(ContentType.JSON).body(createBody(clusterId, "7", "w-" + id)).post(COLLECTION)
                .then().statusCode(202);
        resetWireMock();
        return id;
    }

    private static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }
}
