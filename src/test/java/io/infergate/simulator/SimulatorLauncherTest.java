package io.infergate.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.vertx.core.Vertx;

class SimulatorLauncherTest {

    private final Vertx vertx = Vertx.vertx();
    private SimulatorLauncher launcher;

    @AfterEach
    void close() throws Exception {
        if (launcher != null) {
            launcher.stop();
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void shouldStartNothingWithoutSimulatedClusters() {
        // Given no simulated cluster
        launcher = new SimulatorLauncher(vertx, SimulatorConfigTest.configOf(Map.of()));

        // When the launcher starts
        launcher.start();

        // Then no control plane runs
        assertThat(launcher.running()).isEmpty();
    }

    @Test
    void shouldServeEachClusterOnItsPortUntilStopped() throws Exception {
        // Given two clusters on two free ports
        UUID idA = UUID.randomUUID();
        UUID idB = UUID.randomUUID();
        int portA = freePort();
        int portB = freePort();
        launcher = new SimulatorLauncher(vertx, SimulatorConfigTest.configOf(Map.of(
                "infergate.simulator.clusters.a.id", idA.toString(),
                "infergate.simulator.clusters.a.port", Integer.toString(portA),
                "infergate.simulator.clusters.b.id", idB.toString(),
                "infergate.simulator.clusters.b.port", Integer.toString(portB))));

        // When the launcher starts
        launcher.start();

        // Then both run, each port accepts a create for its own cluster only, and nothing listens after a stop
        assertThat(launcher.running()).extracting(SimulatedControlPlane::port).containsExactly(portA, portB);
        assertThat(create(portA, idA)).isEqualTo(202);
        assertThat(create(portA, idB)).isEqualTo(400);
        assertThat(create(portB, idB)).isEqualTo(202);
        launcher.stop();
        assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), portA).close())
                .isInstanceOf(ConnectException.class);
    }

    @Test
    void shouldRequireEachClustersOwnTokenWhenConfigured() throws Exception {
        // Given two clusters requiring tokens
        UUID idA = UUID.randomUUID();
        UUID idB = UUID.randomUUID();
        int portA = freePort();
        int portB = freePort();
        launcher = new SimulatorLauncher(vertx, SimulatorConfigTest.configOf(Map.of(
                "infergate.simulator.require-token", "true",
                "infergate.simulator.clusters.a.id", idA.toString(),
                "infergate.simulator.clusters.a.port", Integer.toString(portA),
                "infergate.simulator.clusters.b.id", idB.toString(),
                "infergate.simulator.clusters.b.port", Integer.toString(portB))));

        // When the launcher starts and a token of cluster a is used at both
        launcher.start();
        String tokenOfA = token(portA);

        // Then a create without a token or with the other cluster's token is refused, and a accepts its own
        assertThat(create(portA, idA)).isEqualTo(401);
        assertThat(create(portB, idB, tokenOfA)).isEqualTo(401);
        assertThat(create(portA, idA, tokenOfA)).isEqualTo(202);
    }

    @Test
    void shouldFailLoudlyWhenAPortIsTaken() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            // Given a port another server holds
            launcher = new SimulatorLauncher(vertx, SimulatorConfigTest.configOf(Map.of(
                    "infergate.simulator.clusters.busy.id", UUID.randomUUID().toString(),
                    "infergate.simulator.clusters.busy.port", Integer.toString(taken.getLocalPort()))));

            // When the launcher starts
            // Then it fails naming the cluster and the port
            assertThatThrownBy(launcher::start)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("'busy'")
                    .hasMessageContaining("127.0.0.1:" + taken.getLocalPort());
        }
    }

    @Test
    void shouldRefuseTwoClustersOnOnePort() {
        // Given two clusters configured on the same port
        launcher = new SimulatorLauncher(vertx, SimulatorConfigTest.configOf(Map.of(
                "infergate.simulator.clusters.a.id", UUID.randomUUID().toString(),
                "infergate.simulator.clusters.a.port", "18099",
                "infergate.simulator.clusters.b.id", UUID.randomUUID().toString(),
                "infergate.simulator.clusters.b.port", "18099")));

        // When the launcher starts
        // Then it refuses, rather than letting Vert.x share the port between them
        assertThatThrownBy(launcher::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("port 18099");
    }

    private static int create(int port, UUID clusterId) throws IOException, InterruptedException {
        return create(port, clusterId, null);
    }

    private static int create(int port, UUID clusterId, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + SimulatedControlPlane.WORKLOADS))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"w\",\"projectId\":\"1\",\"clusterId\":\"" + clusterId
                        + "\",\"spec\":{" + SimHarness.LEADER + "}}"));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request.build()).statusCode();
    }

    private static String token(int port) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + SimulatedControlPlane.TOKEN))
                .POST(HttpRequest.BodyPublishers.ofString(SimHarness.tokenBody("gateway")))
                .build();
        return SimHarness.json(send(request)).get("accessToken").asText();
    }

    private static HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .build()
                .send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }
}
