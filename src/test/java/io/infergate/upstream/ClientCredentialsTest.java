package io.infergate.upstream;

import static io.infergate.testing.Authenticated.given;
import static io.infergate.testing.RunningSimulator.CLUSTER_A;
import static io.infergate.testing.RunningSimulator.CLUSTER_B;
import static io.infergate.testing.Simulators.createBody;
import static io.infergate.testing.VendorApi.COLLECTION;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.infergate.testing.Simulators;
import io.infergate.testing.SimulatorsRequiringTokens;
import io.infergate.testing.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;

/**
 * With {@code auth=client-credentials} the gateway authenticates to each control plane with a token from that control
 * plane's {@code /api/v1/token}: fetched once and shared, refreshed before it expires, fetched once however many
 * requests wait for it, renewed after a 401, and never shown to another cluster. The simulated control planes accept
 * only tokens they issued, so every wrong token would show up in their {@code unauthorized} and {@code foreignToken}
 * counters.
 */
@QuarkusTest
@WithTestResource(SimulatorsRequiringTokens.class)
class ClientCredentialsTest {

    @AfterEach
    void clearFaults() {
        Simulators.reset("sim-a", "sim-b");
    }

    @Test
    void shouldUseOneTokenForManyCalls() throws InterruptedException {
        letEarlierTokensExpire();
        Map<String, Integer> before = Simulators.stats("sim-a");

        for (int i = 0; i < 10; i++) {
            given().contentType(ContentType.JSON)
                    .body(createBody(CLUSTER_A, "5", "one-token-" + i))
                    .post(COLLECTION)
                    .then()
                    .statusCode(202);
        }

        Map<String, Integer> after = Simulators.stats("sim-a");
        assertThat(after.get("create") - before.get("create")).isEqualTo(10);
        assertThat(after.get("token") - before.get("token")).isEqualTo(1);
        assertThat(after.get("unauthorized") - before.get("unauthorized")).isZero();
    }

    @Test
    void shouldRefreshTheTokenBeforeItExpires() throws InterruptedException {
        letEarlierTokensExpire();
        String id = given().contentType(ContentType.JSON)
                .body(createBody(CLUSTER_A, "5", "refreshed"))
                .post(COLLECTION)
                .then()
                .statusCode(202)
                .extract()
                .path("workloadId");
        Map<String, Integer> before = Simulators.stats("sim-a");

        // two and a half token lifetimes of steady traffic
        long end = System.nanoTime() + Duration.ofSeconds(SimulatorsRequiringTokens.TOKEN_TTL_SECONDS * 5L / 2).toNanos();
        int calls = 0;
        while (System.nanoTime() < end) {
            given().get(COLLECTION + "/" + id).then().statusCode(200);
            calls++;
            Thread.sleep(100);
        }

        Map<String, Integer> after = Simulators.stats("sim-a");
        assertThat(after.get("get") - before.get("get")).isEqualTo(calls);
        assertThat(after.get("token") - before.get("token")).isBetween(2, 3);
        assertThat(after.get("unauthorized") - before.get("unauthorized"))
                .as("no call ever went out with an expired token")
                .isZero();
    }

    @Test
    void shouldFetchOneTokenWhileManyRequestsWaitForIt() throws Exception {
        letEarlierTokensExpire();
        Simulators.at("sim-a")
                .contentType(ContentType.JSON)
                .body("{\"latencyMs\":1000,\"operations\":[\"token\"]}")
                .put("/_sim/faults")
                .then()
                .statusCode(200);
        Map<String, Integer> before = Simulators.stats("sim-a");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        List<CompletableFuture<HttpResponse<String>>> calls = IntStream.range(0, 40)
                .mapToObj(i -> http.sendAsync(HttpRequest
                        .newBuilder(URI.create(RestAssured.baseURI + ":" + RestAssured.port + COLLECTION))
                        .header("Authorization", TestTokens.adminHeader())
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(createBody(CLUSTER_A, "5", "waiting-" + i)))
                        .build(), HttpResponse.BodyHandlers.ofString()))
                .toList();

        assertThat(calls.stream().map(CompletableFuture::join).map(HttpResponse::statusCode)).containsOnly(202);
        Map<String, Integer> after = Simulators.stats("sim-a");
        assertThat(after.get("token") - before.get("token")).isEqualTo(1);
        assertThat(after.get("create") - before.get("create")).isEqualTo(40);
    }

    @Test
    void shouldRenewTheTokenOnceWhenTheControlPlaneRejectsIt() {
        String id = given().contentType(ContentType.JSON)
                .body(createBody(CLUSTER_A, "5", "revoked"))
                .post(COLLECTION)
                .then()
                .statusCode(202)
                .extract()
                .path("workloadId");
        Simulators.at("sim-a").post("/_sim/tokens/revoke").then().statusCode(204);
        Map<String, Integer> before = Simulators.stats("sim-a");

        given().get(COLLECTION + "/" + id).then().statusCode(200).body("workloadId", org.hamcrest.Matchers.equalTo(id));
        given().get(COLLECTION + "/" + id).then().statusCode(200);

        Map<String, Integer> after = Simulators.stats("sim-a");
        assertThat(after.get("unauthorized") - before.get("unauthorized")).isEqualTo(1);
        assertThat(after.get("token") - before.get("token")).isEqualTo(1);
        assertThat(after.get("get") - before.get("get")).isEqualTo(3);
    }

    @Test
    void shouldShowEachControlPlaneOnlyItsOwnToken() {
        given().contentType(ContentType.JSON).body(createBody(CLUSTER_A, "5", "own-a")).post(COLLECTION).then()
                .statusCode(202);
        given().contentType(ContentType.JSON).body(createBody(CLUSTER_B, "5", "own-b")).post(COLLECTION).then()
                .statusCode(202);
        Map<String, Integer> beforeA = Simulators.stats("sim-a");
        Map<String, Integer> beforeB = Simulators.stats("sim-b");

        // an unknown workload is asked for on every cluster at once
        given().get(COLLECTION + "/" + UUID.randomUUID()).then().statusCode(404);

        for (String sim : List.of("sim-a", "sim-b")) {
            Map<String, Integer> before = sim.equals("sim-a") ? beforeA : beforeB;
            Map<String, Integer> after = Simulators.stats(sim);
            assertThat(after.get("get") - before.get("get")).as(sim + " was asked").isEqualTo(1);
            assertThat(after.get("foreignToken")).as(sim + " never saw another cluster's or the caller's token")
                    .isZero();
            assertThat(after.get("unauthorized")).as(sim + " never refused a token").isZero();
        }
    }

    @Test
    void shouldNeverLogATokenOrTheClientSecret() {
        List<String> logged = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                logged.add(String.valueOf(record.getMessage()) + " " + java.util.Arrays.toString(record.getParameters()));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        root.addHandler(capture);
        try {
            // a token in use, then revoked and renewed; a caller refused; a workload nobody has
            given().contentType(ContentType.JSON).body(createBody(CLUSTER_A, "5", "before-revoke")).post(COLLECTION)
                    .then().statusCode(202);
            Simulators.at("sim-a").post("/_sim/tokens/revoke").then().statusCode(204);
            given().contentType(ContentType.JSON).body(createBody(CLUSTER_A, "5", "logged")).post(COLLECTION).then()
                    .statusCode(202);
            RestAssured.given().header("Authorization", "Bearer " + TestTokens.builder().issuer("https://evil").sign())
                    .get(COLLECTION + "/" + UUID.randomUUID()).then().statusCode(401);
            given().get(COLLECTION + "/" + UUID.randomUUID()).then().statusCode(404);
        } finally {
            root.removeHandler(capture);
        }

        assertThat(logged).as("the capture works").anyMatch(line -> line.contains("refused InferGate's token"));
        assertThat(logged).noneMatch(line -> line.contains("eyJ") || line.contains(SimulatorsRequiringTokens.CLIENT_SECRET));
    }

    /**
     * Waits out the lifetime of any token an earlier test left in the gateway, so counts start from a cold cache.
     */
    private static void letEarlierTokensExpire() throws InterruptedException {
        Thread.sleep(Duration.ofSeconds(SimulatorsRequiringTokens.TOKEN_TTL_SECONDS).toMillis());
    }
}
