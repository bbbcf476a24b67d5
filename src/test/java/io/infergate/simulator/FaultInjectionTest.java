package io.infergate.simulator;

import static io.infergate.simulator.SimHarness.createBody;
import static io.infergate.simulator.SimHarness.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

class FaultInjectionTest {

    private static final String FAULTS = SimulatedControlPlane.FAULTS;

    private final SimHarness sim = new SimHarness();

    @AfterEach
    void close() {
        sim.close();
    }

    @Test
    void shouldAnswerEveryApiRequestWithTheInjectedErrorAndRetryAfter() {
        // Given every request fails with 503 and Retry-After 7
        HttpResponse<String> put = sim.send("PUT", FAULTS, "{\"errorRate\":1.0,\"errorStatus\":503,\"retryAfterSeconds\":7}");

        // When the API is called
        HttpResponse<String> response = sim.create(createBody("x", null));

        // Then it is the vendor 503 with the header, and nothing was created
        assertThat(put.statusCode()).isEqualTo(200);
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("7");
        assertThat(json(response).get("code").asInt()).isEqualTo(503);
        assertThat(json(response).get("message").asText()).isEqualTo("Please try again in few minutes.");
        sim.send("PUT", FAULTS, "{}");
        assertThat(sim.create(createBody("x", null)).statusCode()).isEqualTo(202);
    }

    @Test
    void shouldCloseTheConnectionWithoutAnAnswerOnAnInjectedReset() {
        // Given every request is reset
        sim.send("PUT", FAULTS, "{\"resetRate\":1.0}");

        // When the API is called
        // Then the client gets no HTTP response at all
        assertThatThrownBy(() -> sim.get(UUID.randomUUID().toString()))
                .isInstanceOf(UncheckedIOException.class)
                .hasCauseInstanceOf(IOException.class);
    }

    @Test
    void shouldDelayApiRequestsByTheInjectedLatency() {
        // Given 300 ms of latency
        sim.send("PUT", FAULTS, "{\"latencyMs\":300}");

        // When the API is called
        long started = System.nanoTime();
        HttpResponse<String> response = sim.get(UUID.randomUUID().toString());
        long elapsedMs = (System.nanoTime() - started) / 1_000_000;

        // Then the normal answer arrives after at least that long
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(elapsedMs).isGreaterThanOrEqualTo(300);
    }

    @Test
    void shouldNotApplyFaultsToTheControlPaths() {
        // Given every API request fails
        sim.send("PUT", FAULTS, "{\"errorRate\":1.0,\"resetRate\":0.0}");

        // When the control paths are called
        HttpResponse<String> faults = sim.send("GET", FAULTS, null);
        HttpResponse<String> stats = sim.send("GET", SimulatedControlPlane.STATS, null);

        // Then they answer normally, with the faults echoed and defaults filled in
        assertThat(faults.statusCode()).isEqualTo(200);
        JsonNode body = json(faults);
        assertThat(body.get("errorRate").asDouble()).isEqualTo(1.0);
        assertThat(body.get("errorStatus").asInt()).isEqualTo(503);
        assertThat(body.get("latencyMs").asLong()).isZero();
        assertThat(body.get("retryAfterSeconds").isNull()).isTrue();
        assertThat(body.get("operations").toString()).isEqualTo("[\"create\",\"get\",\"patch\",\"delete\",\"token\"]");
        assertThat(stats.statusCode()).isEqualTo(200);
    }

    @Test
    void shouldRejectInvalidFaultsAndKeepThePreviousOnes() {
        // Given a valid latency
        sim.send("PUT", FAULTS, "{\"latencyMs\":5}");

        // When invalid faults are put
        HttpResponse<String> rateTooHigh = sim.send("PUT", FAULTS, "{\"errorRate\":1.5}");
        HttpResponse<String> notAnError = sim.send("PUT", FAULTS, "{\"errorStatus\":200}");
        HttpResponse<String> misspelt = sim.send("PUT", FAULTS, "{\"errorrate\":0.5}");
        HttpResponse<String> wrongType = sim.send("PUT", FAULTS, "{\"latencyMs\":\"slow\"}");
        HttpResponse<String> unknownOperation = sim.send("PUT", FAULTS, "{\"operations\":[\"token\",\"list\"]}");
        HttpResponse<String> noOperation = sim.send("PUT", FAULTS, "{\"operations\":[]}");
        HttpResponse<String> operationsNotAList = sim.send("PUT", FAULTS, "{\"operations\":\"token\"}");

        // Then each is a 400 and the earlier faults still hold
        assertThat(unknownOperation.statusCode()).isEqualTo(400);
        assertThat(json(unknownOperation).get("details").asText()).contains("token");
        assertThat(noOperation.statusCode()).isEqualTo(400);
        assertThat(operationsNotAList.statusCode()).isEqualTo(400);
        assertThat(rateTooHigh.statusCode()).isEqualTo(400);
        assertThat(notAnError.statusCode()).isEqualTo(400);
        assertThat(misspelt.statusCode()).isEqualTo(400);
        assertThat(wrongType.statusCode()).isEqualTo(400);
        assertThat(json(sim.send("GET", FAULTS, null)).get("latencyMs").asLong()).isEqualTo(5);
    }

    @Test
    void shouldFailOnlyTheTokenEndpointWhenFaultsSelectTheTokenOperation() {
        // Given every token request fails with 503
        HttpResponse<String> put = sim.send("PUT", FAULTS,
                "{\"errorRate\":1.0,\"errorStatus\":503,\"operations\":[\"token\"]}");

        // When a token and a workload are requested
        HttpResponse<String> token = sim.send("POST", SimulatedControlPlane.TOKEN, SimHarness.tokenBody("gateway"));
        HttpResponse<String> create = sim.create(createBody("unaffected", null));

        // Then only the token request fails, counted as received but not issued
        assertThat(put.statusCode()).isEqualTo(200);
        assertThat(json(put).get("operations").toString()).isEqualTo("[\"token\"]");
        assertThat(token.statusCode()).isEqualTo(503);
        assertThat(json(token).get("message").asText()).isEqualTo("Please try again in few minutes.");
        assertThat(create.statusCode()).isEqualTo(202);
        assertThat(sim.stats().get("token").asLong()).isEqualTo(1);
        assertThat(sim.stats().get("tokenIssued").asLong()).isZero();
    }

    @Test
    void shouldHoldATokenAnswerForTheInjectedLatencyWhileCountingTheRequestAtOnce() throws Exception {
        // Given 1500 ms of latency on the token endpoint only
        sim.send("PUT", FAULTS, "{\"latencyMs\":1500,\"operations\":[\"token\"]}");

        // When a token is requested, and the workload API is called while it is pending
        long started = System.nanoTime();
        CompletableFuture<HttpResponse<String>> token = sim.sendAsync("POST", SimulatedControlPlane.TOKEN,
                SimHarness.tokenBody("gateway"));
        HttpResponse<String> get = sim.get(UUID.randomUUID().toString());
        JsonNode pending = waitForTokenRequest();
        boolean answeredEarly = token.isDone();
        HttpResponse<String> answered = token.get(10, TimeUnit.SECONDS);
        long elapsedMs = (System.nanoTime() - started) / 1_000_000;

        // Then the token request is seen at once but answered only after the latency, the workload API was not held up,
        // and exactly one token was issued
        assertThat(get.statusCode()).isEqualTo(404);
        assertThat(answeredEarly).isFalse();
        assertThat(pending.get("token").asLong()).isEqualTo(1);
        assertThat(pending.get("tokenIssued").asLong()).isZero();
        assertThat(answered.statusCode()).isEqualTo(200);
        assertThat(json(answered).get("accessToken").asText()).isNotBlank();
        assertThat(elapsedMs).isGreaterThanOrEqualTo(1500);
        assertThat(sim.stats().get("tokenIssued").asLong()).isEqualTo(1);
    }

    /** The stats once the pending token request has reached the simulator. */
    private JsonNode waitForTokenRequest() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        JsonNode stats = sim.stats();
        while (stats.get("token").asLong() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
            stats = sim.stats();
        }
        return stats;
    }
}
