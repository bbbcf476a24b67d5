package io.infergate.idempotency;

import static io.infergate.testing.RunningSimulator.CLUSTER_A;
import static io.infergate.testing.Simulators.createBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.infergate.testing.RunningSimulator;
import io.infergate.testing.Simulators;
import io.infergate.testing.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * Idempotency keys of one replica (no Redis: the keys are in memory), over real HTTP to the simulator, which counts
 * what reached it.
 */
@QuarkusTest
@WithTestResource(RunningSimulator.class)
class IdempotencyKeysTest {

    private static final String COLLECTION = "/api/v1/workloads/distributed-inferences";

    @BeforeEach
    @AfterEach
    void resetSimulators() {
        Simulators.reset("sim-a", "sim-b");
    }

    @Test
    void shouldSendTheFirstAndReplayItsAnswerWithoutSendingAgain() {
        String key = UUID.randomUUID().toString();
        String body = createBody(CLUSTER_A, "7", "keyed");

        Response first = create("alice", "\"" + key + "\"", body);
        // the same body with other spacing and member order is the same request
        String reordered = """
                { "projectId" : "7", "name" : "keyed", "clusterId" : "%s",
                  "spec" : { "leader" : { "image" : "nvcr.io/nim/meta/llama-3.1-70b-instruct:1.3" }, "replicas" : 1 } }"""
                .formatted(CLUSTER_A);
        Response replay = create("alice", key, reordered);

        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(first.header(IdempotentCreates.REPLAYED)).isNull();
        assertThat(replay.statusCode()).isEqualTo(202);
        assertThat(replay.header(IdempotentCreates.REPLAYED)).isEqualTo("true");
        assertThat(replay.body().asString()).isEqualTo(first.body().asString());
        assertThat(replay.contentType()).isEqualTo(first.contentType());
        assertThat(Simulators.stats("sim-a")).containsEntry("create", 1);
    }

    @Test
    void shouldKeepKeysPerCaller() {
        String key = UUID.randomUUID().toString();
        create("alice", key, createBody(CLUSTER_A, "7", "alices")).then().statusCode(202);
        create("bob", key, createBody(CLUSTER_A, "7", "bobs")).then().statusCode(202).body("name", equalTo("bobs"));
        assertThat(Simulators.stats("sim-a")).containsEntry("create", 2);
    }

    @Test
    void shouldRefuseTheSameKeyWithAnotherBody() {
        String key = UUID.randomUUID().toString();
        create("alice", key, createBody(CLUSTER_A, "7", "first")).then().statusCode(202);

        create("alice", key, createBody(CLUSTER_A, "7", "second")).then()
                .statusCode(422)
                .contentType(ContentType.JSON)
                .body("code", equalTo(422))
                .body("details", containsString("another body"));
        assertThat(Simulators.stats("sim-a")).containsEntry("create", 1);
    }

    @Test
    void shouldRefuseTheSameKeyWhileTheFirstIsInFlight() {
        // Given a control plane that takes 1.5 s to answer, and a first create on its way
        faults("{\"latencyMs\":1500,\"operations\":[\"create\"]}");
        String key = UUID.randomUUID().toString();
        String body = createBody(CLUSTER_A, "7", "slow");
        CompletableFuture<Response> first = CompletableFuture.supplyAsync(() -> create("alice", key, body));
        await().until(() -> Simulators.stats("sim-a").get("create") == 1);

        // When the same key comes again meanwhile
        Response second = create("alice", key, body);

        // Then it is a 409 and was not sent; the first completes as usual
        second.then().statusCode(409).body("code", equalTo(409)).body("details", containsString("in flight"));
        assertThat(first.join().statusCode()).isEqualTo(202);
        assertThat(Simulators.stats("sim-a")).containsEntry("create", 1);
    }

    @Test
    void shouldResendAnExactNameWhoseOutcomeIsUnknownAndSayTheFirstCreatedIt() {
        // Given a first create the control plane handles after the gateway gave up on it (request-timeout 3 s)
        faults("{\"latencyMs\":4000,\"operations\":[\"create\"]}");
        String key = UUID.randomUUID().toString();
        String body = createBody(CLUSTER_A, "7", "exact");
        create("alice", key, body).then().statusCode(504).body("details", containsString("may have been created"));
        faults("{}");
        await()
                .until(() -> Simulators.createDirectlyStatus("sim-a", createBody(CLUSTER_A, "7", "exact")) == 409);

        int sentBefore = Simulators.stats("sim-a").get("create");

        // When the caller replays it
        Response replay = create("alice", key, body);

        // Then it was sent again (once), the control plane's duplicate-name 409 is explained, and kept for later replays
        replay.then()
                .statusCode(409)
                .body("message", equalTo("The first create with this Idempotency-Key created the workload."))
                .body("details", containsString("'exact'"));
        Response again = create("alice", key, body);
        assertThat(again.header(IdempotentCreates.REPLAYED)).isEqualTo("true");
        assertThat(again.body().asString()).isEqualTo(replay.body().asString());
        assertThat(Simulators.stats("sim-a")).containsEntry("create", sentBefore + 1);
    }

    @Test
    void shouldNotResendAPrefixNameWhoseOutcomeIsUnknown() {
        // Given a first create whose connection was reset after it was sent
        faults("{\"resetRate\":1.0,\"operations\":[\"create\"]}");
        String key = UUID.randomUUID().toString();
        String body = """
                {"name":"prefixed","useGivenNameAsPrefix":true,"projectId":"7","clusterId":"%s",
                 "spec":{"replicas":1,"leader":{"image":"nvcr.io/nim/meta/llama-3.1-70b-instruct:1.3"}}}"""
                .formatted(CLUSTER_A);
        create("alice", key, body).then().statusCode(502);
        faults("{}");

        // When the caller replays it, then the replay is a 409 saying why, and nothing more was sent
        create("alice", key, body).then()
                .statusCode(409)
                .body("details", containsString("unknown"))
                .body("details", containsString("useGivenNameAsPrefix"));
        assertThat(Simulators.stats("sim-a")).containsEntry("create", 1);
    }

    @Test
    void shouldRefuseAMalformedKey() {
        create("alice", "\"unterminated", createBody(CLUSTER_A, "7", "bad")).then()
                .statusCode(400)
                .body("message", equalTo("Invalid Idempotency-Key"));
        assertThat(Simulators.stats("sim-a")).containsEntry("create", 0);
    }

    private static void faults(String json) {
        Simulators.at("sim-a").contentType(ContentType.JSON).body(json).put("/_sim/faults").then().statusCode(200);
    }

    private static Response create(String subject, String key, String body) {
        return RestAssured.given()
                .header("Authorization", "Bearer " + TestTokens.builder().subject(subject).groups(TestTokens.ADMINS).sign())
                .header("Idempotency-Key", key)
                .contentType(ContentType.JSON)
                .body(body)
                .post(COLLECTION);
    }
}
