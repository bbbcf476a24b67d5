package io.infergate.sharedstate;

import static io.infergate.testing.RunningSimulator.CLUSTER_A;
import static io.infergate.testing.Simulators.createBody;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.infergate.testing.FreePorts;
import io.infergate.testing.GatewayHttp;
import io.infergate.testing.PackagedJar;
import io.infergate.testing.RedisServer;
import io.infergate.testing.TestTokens;
import io.restassured.path.json.JsonPath;

/**
 * Three replicas of the packaged gateway sharing one Redis (Debian's redis-server) and one simulated control plane
 * (served by the first replica): a rate limit holds across them, the same Idempotency-Key sent to all three at once
 * reaches the control plane once, and a Redis outage gets the fail-open answer from two replicas and the fail-closed
 * answer from the third, until Redis is back.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SharedStateIT {

    private static final String COLLECTION = "/api/v1/workloads/distributed-inferences";
    private static final String ABSENT = COLLECTION + "/3fa85f64-5717-4562-b3fc-2c963f66afa6";
    /** The reads limit: 5 gets per hour per caller, so nothing refills during the test. */
    private static final int BURST = 5;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static RedisServer redis;
    private static final List<PackagedJar> replicas = new ArrayList<>();
    private static int simulator;

    @BeforeAll
    static void start() throws IOException {
        redis = RedisServer.started("shared-state-redis");
        simulator = FreePorts.next();
        Map<String, String> common = new HashMap<>();
        common.put("quarkus.oidc.public-key", TestTokens.publicKey());
        common.put("quarkus.oidc.token.issuer", TestTokens.ISSUER);
        common.put("infergate.access.admin-groups", TestTokens.ADMINS);
        common.put("infergate.lifecycle.enabled", "false");
        common.put("infergate.clusters.a.id", CLUSTER_A);
        common.put("infergate.clusters.a.url", "http://127.0.0.1:" + simulator);
        common.put("infergate.clusters.a.request-timeout", "5s");
        common.put("infergate.redis.hosts", redis.hosts());
        common.put("infergate.limits.reads.operations", "get");
        common.put("infergate.limits.reads.rate", Integer.toString(BURST));
        common.put("infergate.limits.reads.period", "1h");
        Map<String, String> first = new HashMap<>(common);
        first.put("infergate.simulator.clusters.sim-a.id", CLUSTER_A);
        first.put("infergate.simulator.clusters.sim-a.port", Integer.toString(simulator));
        replicas.add(PackagedJar.start("shared-state-1", first));
        replicas.add(PackagedJar.start("shared-state-2", common));
        Map<String, String> closed = new HashMap<>(common);
        closed.put("infergate.redis.fail-closed", "true");
        replicas.add(PackagedJar.start("shared-state-3", closed));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        replicas.forEach(PackagedJar::close);
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    @Order(1)
    void shouldHoldALimitAcrossThreeReplicas() {
        // When one caller sends three bursts' worth of gets, round robin over the replicas
        String token = token("reader-1");
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 3 * BURST; i++) {
            statuses.add(send(replicas.get(i % 3), "GET", ABSENT, token, null, null).statusCode());
        }

        // Then exactly one burst was let through (404: the workload is nowhere), the rest refused on every replica
        assertThat(statuses.stream().filter(status -> status == 404)).hasSize(BURST);
        assertThat(statuses.stream().filter(status -> status == 429)).hasSize(2 * BURST);
        assertThat(statuses.subList(2 * BURST, 3 * BURST)).containsOnly(429);
    }

    @Test
    @Order(2)
    void shouldSendOneCreateForOneKeyAcrossThreeReplicas() throws Exception {
        // Given a control plane that takes a second to answer a create
        simulatorFaults("{\"latencyMs\":1000,\"operations\":[\"create\"]}");
        long before = simulatorCreates();
        String key = UUID.randomUUID().toString();
        String token = token("creator");
        String body = createBody(CLUSTER_A, "7", "once");

        // When the same key is sent to the three replicas at once
        List<CompletableFuture<HttpResponse<String>>> racing = replicas.stream()
                .map(replica -> CompletableFuture.supplyAsync(() -> send(replica, "POST", COLLECTION, token, key, body)))
                .toList();
        List<HttpResponse<String>> answers = racing.stream().map(CompletableFuture::join).toList();
        simulatorFaults("{}");

        // Then the control plane got one create; one replica answered it, the others said it was in flight
        assertThat(simulatorCreates() - before).isEqualTo(1);
        List<HttpResponse<String>> created = answers.stream().filter(answer -> answer.statusCode() == 202).toList();
        assertThat(created).hasSize(1);
        assertThat(answers.stream().filter(answer -> answer.statusCode() == 409)).hasSize(2);

        // And every replica replays that first answer, sending nothing
        for (PackagedJar replica : replicas) {
            HttpResponse<String> replay = send(replica, "POST", COLLECTION, token, key, body);
            assertThat(replay.statusCode()).isEqualTo(202);
            assertThat(replay.headers().firstValue("Idempotent-Replayed")).hasValue("true");
            assertThat(replay.body()).isEqualTo(created.get(0).body());
        }
        assertThat(simulatorCreates() - before).isEqualTo(1);
    }

    @Test
    @Order(3)
    void shouldFailOpenOrClosedWhileRedisIsDownAndRecover() throws Exception {
        String token = token("reader-2");
        // Given a caller that has spent its burst
        for (int i = 0; i < BURST; i++) {
            send(replicas.get(i % 3), "GET", ABSENT, token, null, null);
        }
        assertThat(send(replicas.get(0), "GET", ABSENT, token, null, null).statusCode()).isEqualTo(429);

        // When Redis stops
        redis.stop();

        // Then the fail-open replicas let its gets through, the fail-closed one refuses them with a 503, at once
        for (int i = 0; i < 3; i++) {
            assertThat(send(replicas.get(0), "GET", ABSENT, token, null, null).statusCode()).isEqualTo(404);
            assertThat(send(replicas.get(1), "GET", ABSENT, token, null, null).statusCode()).isEqualTo(404);
            HttpResponse<String> closed = send(replicas.get(2), "GET", ABSENT, token, null, null);
            assertThat(closed.statusCode()).isEqualTo(503);
            assertThat(closed.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(JsonPath.from(closed.body()).getInt("code")).isEqualTo(503);
            assertThat(JsonPath.from(closed.body()).getString("details")).contains("Rate limits cannot be checked now");
        }
        // and a create with an Idempotency-Key is not sent without its key
        long before = simulatorCreates();
        HttpResponse<String> keyed = send(replicas.get(1), "POST", COLLECTION, token, UUID.randomUUID().toString(),
                createBody(CLUSTER_A, "7", "during-outage"));
        assertThat(keyed.statusCode()).isEqualTo(503);
        assertThat(simulatorCreates()).isEqualTo(before);
        assertThat(replicas.get(0).output()).contains("Redis is unreachable");

        // When Redis returns (empty: the counters start afresh)
        redis.start();

        // Then every replica uses it again within a few seconds (its ping finds it), and the limit holds again
        for (PackagedJar replica : replicas) {
            Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                    .until(() -> metrics(replica).contains("infergate_redis_up 1.0"));
        }
        assertThat(send(replicas.get(2), "GET", ABSENT, token("probe"), null, null).statusCode()).isEqualTo(404);
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 2 * BURST; i++) {
            statuses.add(send(replicas.get(i % 3), "GET", ABSENT, token("reader-3"), null, null).statusCode());
        }
        assertThat(statuses.subList(0, BURST)).containsOnly(404);
        assertThat(statuses.subList(BURST, 2 * BURST)).containsOnly(429);
    }

    private static String token(String subject) {
        return "Bearer " + TestTokens.builder().subject(subject).groups(TestTokens.ADMINS).sign();
    }

    private static HttpResponse<String> send(PackagedJar replica, String method, String path, String token, String key,
            String body) {
        return GatewayHttp.send(replica.uri(path), method, token, key == null ? Map.of() : Map.of("Idempotency-Key", key),
                body);
    }

    private static String metrics(PackagedJar replica) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(replica.managementUri("/q/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static long simulatorCreates() throws IOException, InterruptedException {
        HttpResponse<String> stats = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + simulator
                + "/_sim/stats")).build(), HttpResponse.BodyHandlers.ofString());
        return JsonPath.from(stats.body()).getLong("create");
    }

    private static void simulatorFaults(String json) throws IOException, InterruptedException {
        HttpResponse<Void> answer = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + simulator
                + "/_sim/faults")).header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json))
                .build(), HttpResponse.BodyHandlers.discarding());
        assertThat(answer.statusCode()).isEqualTo(200);
    }
}
