package io.infergate.deployment;

import static io.infergate.testing.VendorApi.COLLECTION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.infergate.testing.FreePorts;
import io.infergate.testing.PackagedJar;
import io.infergate.testing.TestTokens;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;

/**
 * A rolling update, as Kubernetes does it: the packaged gateway gets SIGTERM while requests are in flight to a slow
 * control plane. Readiness turns DOWN at once; a request that still arrives is served, and its connection closed so the
 * client reconnects through the Service; every request in flight completes with the control plane's answer, well after
 * the drain delay; only then does the process exit and refuse connections.
 * <p>
 * The slow control plane is the bundled simulator in a second packaged process, so stopping the gateway under test
 * cannot stop the cluster its requests wait for.
 */
class GracefulDrainIT {

    private static final String CLUSTER_ID = "5e0c3b2a-1d4f-4e6a-9b8c-7d6e5f4a3b2c";
    private static final int IN_FLIGHT = 6;
    private static final Pattern IN_FLIGHT_GAUGE = Pattern.compile("(?m)^infergate_requests_in_flight(?:\\{[^}]*})? (\\S+)$");

    @Test
    void shouldFinishEveryRequestInFlightWhileReadinessIsDownAfterSigterm() throws Exception {
        int simulated = FreePorts.next();
        try (PackagedJar cluster = PackagedJar.start("drain-simulator", withTestIssuer(Map.of(
                "infergate.simulator.clusters.sim.id", CLUSTER_ID,
                "infergate.simulator.clusters.sim.port", Integer.toString(simulated),
                "infergate.clusters.sim.id", CLUSTER_ID,
                "infergate.clusters.sim.url", "http://127.0.0.1:" + simulated)));
                PackagedJar gateway = PackagedJar.start("drain-gateway", withTestIssuer(Map.of(
                        "infergate.clusters.slow.id", CLUSTER_ID,
                        "infergate.clusters.slow.url", "http://127.0.0.1:" + simulated,
                        "infergate.clusters.slow.request-timeout", "20s",
                        "quarkus.shutdown.delay", "2s",
                        "quarkus.shutdown.timeout", "30s")))) {
            // Given a workload on a control plane that takes 8 s to answer a read
            String workloadId = RestAssured.given().baseUri("http://127.0.0.1").port(simulated)
                    .contentType(ContentType.JSON)
                    .body("{\"name\":\"drained\",\"projectId\":\"3\",\"clusterId\":\"" + CLUSTER_ID
                            + "\",\"spec\":{\"replicas\":1,\"leader\":{\"image\":\"nvcr.io/nim/meta/llama:1.3\"}}}")
                    .post(COLLECTION).then().statusCode(202).extract().path("workloadId");
            RestAssured.given().baseUri("http://127.0.0.1").port(simulated).contentType(ContentType.JSON)
                    .body("{\"latencyMs\":8000,\"operations\":[\"get\"]}")
                    .put("/_sim/faults").then().statusCode(200);

            // and six reads of it in flight through the gateway
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            List<CompletableFuture<HttpResponse<String>>> inFlight = new ArrayList<>();
            for (int i = 0; i < IN_FLIGHT; i++) {
                inFlight.add(client.sendAsync(authorized(gateway.uri(COLLECTION + "/" + workloadId)).build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
            // (the scrape, on the management port, is not one of them)
            await().atMost(Duration.ofSeconds(5)).until(() -> inFlight(gateway) == IN_FLIGHT);
            assertThat(gateway.status(gateway.managementUri("/q/health/ready"))).isEqualTo(200);

            // When Kubernetes sends SIGTERM
            gateway.process().destroy();

            // Then readiness is DOWN at once, while every request is still in flight
            await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(50))
                    .until(() -> gateway.status(gateway.managementUri("/q/health/ready")) == 503);
            assertThat(inFlight).noneMatch(CompletableFuture::isDone);
            // and a new request is still served, on a connection that is closed after it (the client's next request
            // goes through the Service to a replica that is ready)
            HttpResponse<Void> late = newRequest(gateway, COLLECTION + "/not-a-uuid");
            assertThat(late.statusCode()).isEqualTo(400);
            assertThat(late.headers().firstValue("connection")).hasValue("close");
            // as is one after the 2 s drain delay, while requests are still in flight
            await().pollDelay(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(5))
                    .until(() -> newRequest(gateway, COLLECTION + "/not-a-uuid").statusCode() == 400);
            assertThat(inFlight).noneMatch(CompletableFuture::isDone);

            // and every request in flight completes with the control plane's answer, then the process exits cleanly
            for (CompletableFuture<HttpResponse<String>> request : inFlight) {
                HttpResponse<String> response = request.get(30, TimeUnit.SECONDS);
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                assertThat(response.body()).contains(workloadId);
            }
            assertThat(gateway.process().waitFor(30, TimeUnit.SECONDS)).as("exited").isTrue();
            // 143: the JVM's status after SIGTERM once its shutdown hooks have run
            assertThat(gateway.process().exitValue()).as(gateway.output()).isIn(0, 143);
            // only now are new connections refused, on both ports
            assertThatThrownBy(() -> newRequest(gateway, COLLECTION)).isInstanceOf(IOException.class);
            assertThat(gateway.status(gateway.managementUri("/q/health/live"))).isEqualTo(-1);
        }
    }

    private static Map<String, String> withTestIssuer(Map<String, String> properties) {
        Map<String, String> all = new java.util.HashMap<>(properties);
        all.put("quarkus.oidc.public-key", TestTokens.publicKey());
        all.put("quarkus.oidc.token.issuer", TestTokens.ISSUER);
        all.put("infergate.access.admin-groups", TestTokens.ADMINS);
        all.put("infergate.lifecycle.enabled", "false");
        return all;
    }

    private static HttpRequest.Builder authorized(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).header("Authorization", TestTokens.adminHeader());
    }

    /**
     * @return the answer to a request on a connection of its own
     */
    private static HttpResponse<Void> newRequest(PackagedJar gateway, String path)
            throws IOException, InterruptedException {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(authorized(gateway.uri(path)).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.discarding());
    }

    private static double inFlight(PackagedJar gateway) throws IOException, InterruptedException {
        String metrics = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(gateway.managementUri("/q/metrics")).build(), HttpResponse.BodyHandlers.ofString())
                .body();
        Matcher gauge = IN_FLIGHT_GAUGE.matcher(metrics);
        return gauge.find() ? Double.parseDouble(gauge.group(1)) : -1;
    }
}
