package io.infergate.simulator;

import static io.infergate.simulator.SimHarness.PHASE_DELAY;
import static io.infergate.simulator.SimHarness.createBody;
import static io.infergate.simulator.SimHarness.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

class WorkloadChangeTest {

    private static final String WORKLOADS = SimulatedControlPlane.WORKLOADS + "/";

    private final SimHarness sim = new SimHarness();

    @AfterEach
    void close() {
        sim.close();
    }

    @Test
    void shouldAnswer404WithTheVendorMessageForAnUnknownOrMalformedId() {
        // Given ids the simulator does not hold
        // When they are read
        HttpResponse<String> unknown = sim.get(UUID.randomUUID().toString());
        HttpResponse<String> malformed = sim.get("not-a-uuid");

        // Then both are 404 "Resource id not found."
        for (HttpResponse<String> response : List.of(unknown, malformed)) {
            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(json(response).get("code").asInt()).isEqualTo(404);
            assertThat(json(response).get("message").asText()).isEqualTo("Resource id not found.");
        }
    }

    @Test
    void shouldPatchReplicasThroughUpdatingBackToRunning() {
        // Given a running workload whose spec has an unknown field
        String id = json(sim.create(createBody("scale", "{\"replicas\":1,\"extra\":true}"))).get("workloadId").asText();
        sim.clock.advance(PHASE_DELAY.multipliedBy(3));

        // When its replicas are patched
        HttpResponse<String> patched = sim.send("PATCH", WORKLOADS + id, "{\"spec\":{\"replicas\":4}}");
        JsonNode duringUpdate = json(sim.get(id));
        sim.clock.advance(PHASE_DELAY);
        JsonNode afterUpdate = json(sim.get(id));

        // Then it is 202 Updating with the new replicas, the rest of the spec kept, and Running one delay later
        assertThat(patched.statusCode()).isEqualTo(202);
        JsonNode body = json(patched);
        assertThat(body.get("actualPhase").asText()).isEqualTo("Updating");
        assertThat(body.get("workloadId").asText()).isEqualTo(id);
        assertThat(body.get("spec").get("replicas").asInt()).isEqualTo(4);
        assertThat(body.get("spec").get("extra").asBoolean()).isTrue();
        assertThat(duringUpdate.get("actualPhase").asText()).isEqualTo("Updating");
        assertThat(afterUpdate.get("actualPhase").asText()).isEqualTo("Running");
        assertThat(afterUpdate.get("spec").get("replicas").asInt()).isEqualTo(4);
    }

    @Test
    void shouldRejectAPatchWithInvalidReplicasOrForAnUnknownId() {
        // Given a workload
        String id = sim.createWorkload("bad-patch");

        // When patches are sent with bad bodies and to an unknown id
        HttpResponse<String> tooMany = sim.send("PATCH", WORKLOADS + id, "{\"spec\":{\"replicas\":1001}}");
        HttpResponse<String> notInteger = sim.send("PATCH", WORKLOADS + id, "{\"spec\":{\"replicas\":\"3\"}}");
        HttpResponse<String> notObject = sim.send("PATCH", WORKLOADS + id, "[]");
        HttpResponse<String> unknown = sim.send("PATCH", WORKLOADS + UUID.randomUUID(), "{\"spec\":{\"replicas\":2}}");

        // Then the bad bodies are 400 and the unknown id is 404
        assertThat(tooMany.statusCode()).isEqualTo(400);
        assertThat(notInteger.statusCode()).isEqualTo(400);
        assertThat(notObject.statusCode()).isEqualTo(400);
        assertThat(json(tooMany).get("code").asInt()).isEqualTo(400);
        assertThat(unknown.statusCode()).isEqualTo(404);
    }

    @Test
    void shouldDeleteThroughDeletingUntilGoneAndFreeTheName() {
        // Given a workload
        String id = sim.createWorkload("short-lived");

        // When it is deleted
        HttpResponse<String> deleted = sim.send("DELETE", WORKLOADS + id, null);

        // Then the answer is the vendor 202 body and the workload shows Deleting with deletedAt
        assertThat(deleted.statusCode()).isEqualTo(202);
        assertThat(json(deleted)).isEqualTo(SimJson.object().put("code", 202).put("message", "Request has been accepted."));
        JsonNode deleting = json(sim.get(id));
        assertThat(deleting.get("desiredPhase").asText()).isEqualTo("Deleted");
        assertThat(deleting.get("actualPhase").asText()).isEqualTo("Deleting");
        assertThat(deleting.get("deletedAt").asText()).isEqualTo("2025-06-01T10:00:00.000Z");
        assertThat(sim.create(createBody("short-lived", null)).statusCode()).isEqualTo(409);

        // When, half a phase delay later, it is deleted again and patched
        sim.clock.advance(PHASE_DELAY.dividedBy(2));
        HttpResponse<String> deletedAgain = sim.send("DELETE", WORKLOADS + id, null);
        HttpResponse<String> patched = sim.send("PATCH", WORKLOADS + id, "{\"spec\":{\"replicas\":2}}");

        // Then the delete is idempotent (same deletedAt) and the patch is a 409 Error
        assertThat(deletedAgain.statusCode()).isEqualTo(202);
        assertThat(json(sim.get(id)).get("deletedAt").asText()).isEqualTo("2025-06-01T10:00:00.000Z");
        assertThat(patched.statusCode()).isEqualTo(409);
        assertThat(json(patched).get("code").asInt()).isEqualTo(409);

        // When one phase delay has passed since the first delete
        sim.clock.advance(PHASE_DELAY.dividedBy(2));

        // Then the workload is gone for every operation and its name is free again
        assertThat(sim.get(id).statusCode()).isEqualTo(404);
        assertThat(sim.send("PATCH", WORKLOADS + id, "{\"spec\":{\"replicas\":2}}").statusCode()).isEqualTo(404);
        assertThat(sim.send("DELETE", WORKLOADS + id, null).statusCode()).isEqualTo(404);
        HttpResponse<String> recreated = sim.create(createBody("short-lived", null));
        assertThat(recreated.statusCode()).isEqualTo(202);
        assertThat(json(recreated).get("workloadId").asText()).isNotEqualTo(id);
    }
}
