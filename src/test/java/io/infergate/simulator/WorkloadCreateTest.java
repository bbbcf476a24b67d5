package io.infergate.simulator;

import static io.infergate.simulator.SimHarness.CLUSTER_ID;
import static io.infergate.simulator.SimHarness.createBody;
import static io.infergate.simulator.SimHarness.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

class WorkloadCreateTest {

    private final SimHarness sim = new SimHarness();

    @AfterEach
    void close() {
        sim.close();
    }

    @Test
    void shouldAnswerCreateWith202AndAFullDistributedInference() throws Exception {
        // Given a bearer token whose payload names a subject, and a spec with a field the simulator does not know
        String payload = Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"sub\":\"alice@example.com\"}".getBytes(StandardCharsets.UTF_8));
        String spec = "{\"replicas\":2,\"workers\":3,\"futureField\":{\"nested\":[1,2.5,\"x\"]},"
                + "\"leader\":{\"image\":\"i:1\"},\"worker\":{\"image\":\"i:1\"}}";

        // When the workload is created
        HttpResponse<String> response = sim.create(createBody("llama", spec), "Authorization", "Bearer h." + payload + ".s");

        // Then the answer is 202 with every required field and the spec exactly as submitted
        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode body = json(response);
        assertThat(body.get("name").asText()).isEqualTo("llama");
        assertThat(body.get("requestedName").asText()).isEqualTo("llama");
        assertThat(UUID.fromString(body.get("workloadId").asText())).isNotNull();
        assertThat(body.get("projectId").isTextual()).isTrue();
        assertThat(body.get("projectId").asText()).isEqualTo("1");
        assertThat(body.get("clusterId").asText()).isEqualTo(CLUSTER_ID.toString());
        assertThat(body.get("createdBy").asText()).isEqualTo("alice@example.com");
        assertThat(body.get("createdAt").asText()).isEqualTo("2025-06-01T10:00:00.000Z");
        assertThat(body.get("desiredPhase").asText()).isEqualTo("Running");
        assertThat(body.get("actualPhase").asText()).isEqualTo("Creating");
        assertThat(body.has("deletedAt")).isTrue();
        assertThat(body.get("deletedAt").isNull()).isTrue();
        assertThat(body.get("spec")).isEqualTo(SimJson.MAPPER.readTree(spec));
    }

    @Test
    void shouldAttributeCreateToAnonymousWithoutADecodableToken() {
        // Given no Authorization header, and then a bearer value that is not a JWT
        // When workloads are created
        JsonNode withoutToken = json(sim.create(createBody("a", null)));
        JsonNode withGarbage = json(sim.create(createBody("b", null), "Authorization", "Bearer not-a-jwt"));

        // Then both are attributed to anonymous
        assertThat(withoutToken.get("createdBy").asText()).isEqualTo("anonymous");
        assertThat(withGarbage.get("createdBy").asText()).isEqualTo("anonymous");
    }

    @Test
    void shouldMoveThroughCreationPhasesOnePerPhaseDelay() {
        // Given a freshly created workload
        String id = sim.createWorkload("phases");

        // When the clock advances one phase delay at a time
        String creating = phaseOf(id);
        sim.clock.advance(SimHarness.PHASE_DELAY);
        String pending = phaseOf(id);
        sim.clock.advance(SimHarness.PHASE_DELAY);
        String initializing = phaseOf(id);
        sim.clock.advance(SimHarness.PHASE_DELAY);
        String running = phaseOf(id);
        sim.clock.advance(SimHarness.PHASE_DELAY.multipliedBy(100));
        String stillRunning = phaseOf(id);

        // Then it goes Creating, Pending, Initializing, Running and stays there
        assertThat(creating).isEqualTo("Creating");
        assertThat(pending).isEqualTo("Pending");
        assertThat(initializing).isEqualTo("Initializing");
        assertThat(running).isEqualTo("Running");
        assertThat(stillRunning).isEqualTo("Running");
    }

    @Test
    void shouldRejectADuplicateNameInTheSameProjectWith409() {
        // Given a workload named "dup" in project 1
        sim.createWorkload("dup");

        // When the same name is created again in project 1, and in project 2
        HttpResponse<String> duplicate = sim.create(createBody("dup", null));
        HttpResponse<String> otherProject = sim.create(
                createBody("dup", null).replace("\"projectId\":\"1\"", "\"projectId\":\"2\""));

        // Then the duplicate is a 409 with the vendor message, the other project is fine
        assertThat(duplicate.statusCode()).isEqualTo(409);
        assertThat(json(duplicate).get("code").asInt()).isEqualTo(409);
        assertThat(json(duplicate).get("message").asText()).isEqualTo("Resource with this name already exists");
        assertThat(otherProject.statusCode()).isEqualTo(202);
    }

    @Test
    void shouldAppendARandomSuffixWhenTheNameIsAPrefix() {
        // Given a workload that already holds the plain name
        sim.createWorkload("svc");
        String body = createBody("svc", null).replace("{\"name\":\"svc\",", "{\"name\":\"svc\",\"useGivenNameAsPrefix\":true,");

        // When two more are created with the name as a prefix
        HttpResponse<String> first = sim.create(body);
        HttpResponse<String> second = sim.create(body);

        // Then both are accepted with distinct suffixed names and keep the requested name
        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(second.statusCode()).isEqualTo(202);
        assertThat(json(first).get("name").asText()).matches("svc-[a-z0-9]{5}");
        assertThat(json(first).get("requestedName").asText()).isEqualTo("svc");
        assertThat(json(first).get("name").asText()).isNotEqualTo(json(second).get("name").asText());
    }

    @Test
    void shouldRejectAClusterIdThisControlPlaneDoesNotManage() {
        // Given a create naming another cluster
        String body = createBody("x", null).replace(CLUSTER_ID.toString(), UUID.randomUUID().toString());

        // When it is submitted
        HttpResponse<String> response = sim.create(body);

        // Then it is a 400 whose details say the cluster is not managed here
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("code").asInt()).isEqualTo(400);
        assertThat(json(response).get("details").asText()).contains("not managed by this control plane");
    }

    @Test
    void shouldRejectMissingRequiredFieldsWithTheVendorMessage() {
        // Given a create without projectId, clusterId and spec
        // When it is submitted
        HttpResponse<String> response = sim.create("{\"name\":\"x\"}");

        // Then the 400 names the missing fields, the spec's leader among them
        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = json(response);
        assertThat(error.get("message").asText()).isEqualTo("Required parameter is missing");
        assertThat(error.get("details").asText()).contains("projectId", "clusterId", "leader").doesNotContain("name");
    }

    @Test
    void shouldRejectABodyThatIsNotAJsonObject() {
        // Given bodies that are not JSON objects
        // When they are submitted
        HttpResponse<String> notJson = sim.create("name=x");
        HttpResponse<String> array = sim.create("[1,2]");
        HttpResponse<String> empty = sim.create("");

        // Then each is a 400 Error
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(array.statusCode()).isEqualTo(400);
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(json(notJson).get("code").asInt()).isEqualTo(400);
    }

    @Test
    void shouldAcceptANumericProjectIdAndAnswerItAsAString() {
        // Given a create whose projectId is a number, as in the vendor examples
        String body = createBody("n", null).replace("\"projectId\":\"1\"", "\"projectId\":7");

        // When it is submitted
        JsonNode created = json(sim.create(body));

        // Then the projectId comes back as the string "7"
        assertThat(created.get("projectId").isTextual()).isTrue();
        assertThat(created.get("projectId").asText()).isEqualTo("7");
    }

    private String phaseOf(String id) {
        HttpResponse<String> response = sim.get(id);
        assertThat(response.statusCode()).isEqualTo(200);
        return json(response).get("actualPhase").asText();
    }
}
