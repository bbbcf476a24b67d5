package io.infergate.simulator;

import static io.infergate.simulator.SimHarness.CLUSTER_ID;
import static io.infergate.simulator.SimHarness.LEADER;
import static io.infergate.simulator.SimHarness.bearer;
import static io.infergate.simulator.SimHarness.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the simulator refuses as a Run:ai control plane would: bodies that break the bundled contract (checked by the
 * gateway's own validator), a body that is not {@code application/json}, duplicate keys, a body over its size limit,
 * and requests without a valid token when it requires one. Each case here was once answered 202 and echoed.
 */
class ControlPlaneStrictnessTest {

    private final SimHarness sim = new SimHarness();

    @AfterEach
    void close() {
        sim.close();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            replicas above its maximum      | {"replicas":1001,"leader":{"image":"i:1"}}                            | /spec/replicas
            replicas below its minimum      | {"replicas":-1,"leader":{"image":"i:1"}}                              | /spec/replicas
            workers as a string             | {"workers":"2","leader":{"image":"i:1"},"worker":{"image":"i:1"}}     | /spec/workers
            a value outside its enum        | {"startupPolicy":"WhenItFeelsLikeIt","leader":{"image":"i:1"}}        | /spec/startupPolicy
            gpuDevicesRequest past int32    | {"leader":{"image":"i:1","compute":{"gpuDevicesRequest":4294967296}}} | /spec/leader/compute/gpuDevicesRequest
            a quantity breaking its pattern | {"leader":{"image":"i:1","compute":{"cpuMemoryRequest":"lots"}}}      | /spec/leader/compute/cpuMemoryRequest
            """)
    void shouldRefuseACreateTheContractRefusesWith400AndStoreNothing(String why, String spec, String pointer) {
        // Given a create whose spec breaks the contract in one place
        // When it is submitted
        HttpResponse<String> response = sim.create(body("bad", spec));

        // Then it is the vendor 400 naming the field, and the name is still free
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        JsonNode error = json(response);
        assertThat(error.get("code").asInt()).isEqualTo(400);
        assertThat(error.get("message").asText()).isNotBlank();
        assertThat(error.get("details").asText()).contains(pointer);
        assertThat(sim.create(body("bad", "{" + LEADER + "}")).statusCode()).isEqualTo(202);
    }

    @Test
    void shouldRefuseAPatchTheContractRefusesWith400() {
        // Given a workload
        String id = json(sim.create(body("patched", "{" + LEADER + "}"))).get("workloadId").asText();

        // When its replicas are patched below the minimum
        HttpResponse<String> response = sim.send("PATCH", SimulatedControlPlane.WORKLOADS + "/" + id,
                "{\"spec\":{\"replicas\":-1}}");

        // Then it is the vendor 400 naming the field, and the workload keeps its spec
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("details").asText()).contains("/spec/replicas");
        assertThat(json(sim.get(id)).path("spec").has("replicas")).isFalse();
    }

    @Test
    void shouldRefuseABodyThatIsNotJsonByMediaTypeWith415() {
        // Given a valid create body sent as text/plain
        // When it is submitted
        HttpResponse<String> response = sim.send("POST", SimulatedControlPlane.WORKLOADS, null);
        HttpResponse<String> plain = sim.send("POST", SimulatedControlPlane.WORKLOADS, body("plain", "{" + LEADER + "}"),
                "Content-Type", "text/plain");

        // Then it is 415 in the Error shape, and nothing was created
        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(plain.statusCode()).isEqualTo(415);
        assertThat(json(plain).get("code").asInt()).isEqualTo(415);
        assertThat(sim.create(body("plain", "{" + LEADER + "}")).statusCode()).isEqualTo(202);
    }

    @Test
    void shouldRefuseDuplicateKeysWith400() {
        // Given a create with projectId twice, the second one differing
        String body = body("twice", "{" + LEADER + "}").replace("\"projectId\":\"1\"",
                "\"projectId\":\"1\",\"projectId\":\"2\"");

        // When it is submitted
        HttpResponse<String> response = sim.create(body);

        // Then it is a 400 naming the duplicate, and nothing was created
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("details").asText()).contains("projectId");
        assertThat(sim.create(body("twice", "{" + LEADER + "}")).statusCode()).isEqualTo(202);
    }

    @Test
    void shouldRefuseABodyOverItsSizeLimitWith413() {
        // Given a 1.2 MB create (a long string in an annotation value)
        String padding = "x".repeat(9_000);
        StringBuilder annotations = new StringBuilder();
        for (int i = 0; i < 130; i++) {
            annotations.append(i == 0 ? "" : ",").append("{\"name\":\"a").append(i).append("\",\"value\":\"")
                    .append(padding).append("\"}");
        }
        String body = body("huge", "{\"leader\":{\"image\":\"i:1\",\"annotations\":[" + annotations + "]}}");
        assertThat(body.length()).isGreaterThan(1_150_000);

        // When it is submitted
        HttpResponse<String> response = sim.create(body);

        // Then it is 413 in the Error shape, and nothing was created
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(json(response).get("code").asInt()).isEqualTo(413);
        assertThat(sim.create(body("huge", "{" + LEADER + "}")).statusCode()).isEqualTo(202);
    }

    @Test
    void shouldAcceptAnEmptyProjectIdAsTheContractSetsNoMinimumLength() {
        // Given a create whose projectId is the empty string (the schema sets no minLength)
        String body = body("empty-project", "{" + LEADER + "}").replace("\"projectId\":\"1\"", "\"projectId\":\"\"");

        // When it is submitted
        HttpResponse<String> response = sim.create(body);

        // Then it is accepted and answered with that projectId
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        assertThat(json(response).get("projectId").asText()).isEmpty();
    }

    @Test
    void shouldRefuseACreateWithoutAValidTokenWhenTokensAreRequired() {
        try (SimHarness strict = SimHarness.requiringTokens()) {
            // Given a control plane requiring its own tokens
            String body = "{\"name\":\"n\",\"projectId\":\"1\",\"clusterId\":\"" + strict.controlPlane.clusterId()
                    + "\",\"spec\":{" + LEADER + "}}";

            // When a create comes without a token, and with a token it never issued
            HttpResponse<String> none = strict.create(body);
            HttpResponse<String> invalid = strict.create(body, bearer("e30.e30.c2ln"));

            // Then both are the vendor 401 and nothing was created
            assertThat(none.statusCode()).isEqualTo(401);
            assertThat(invalid.statusCode()).isEqualTo(401);
            assertThat(json(none).get("message").asText()).isEqualTo(SimErrors.UNAUTHORIZED);
            assertThat(strict.create(body, bearer(strict.token("gateway"))).statusCode()).isEqualTo(202);
        }
    }

    private static String body(String name, String spec) {
        return "{\"name\":\"" + name + "\",\"projectId\":\"1\",\"clusterId\":\"" + CLUSTER_ID + "\",\"spec\":" + spec + "}";
    }
}
