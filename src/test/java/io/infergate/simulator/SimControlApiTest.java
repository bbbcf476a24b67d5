package io.infergate.simulator;

import static io.infergate.simulator.SimHarness.createBody;
import static io.infergate.simulator.SimHarness.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

class SimControlApiTest {

    private static final String WORKLOADS = SimulatedControlPlane.WORKLOADS + "/";
    private static final String STATS = SimulatedControlPlane.STATS;

    private final SimHarness sim = new SimHarness();

    @AfterEach
    void close() {
        sim.close();
    }

    @Test
    void shouldCountEveryRequestPerOperationIncludingFailures() {
        // Given one successful create, a 404 get, a patch, a delete, a token request and an injected failure
        String id = sim.createWorkload("counted");
        sim.get(UUID.randomUUID().toString());
        sim.send("PATCH", WORKLOADS + id, "{\"spec\":{\"replicas\":2}}");
        sim.send("DELETE", WORKLOADS + id, null);
        sim.send("POST", SimulatedControlPlane.TOKEN, "{}");
        sim.send("PUT", SimulatedControlPlane.FAULTS, "{\"errorRate\":1.0}");
        sim.get(id);

        // When the stats are read
        JsonNode stats = json(sim.send("GET", STATS, null));

        // Then each operation counts what it received
        assertThat(stats).isEqualTo(SimJson.object()
                .put("create", 1)
                .put("get", 2)
                .put("patch", 1)
                .put("delete", 1)
                .put("token", 1)
                .put("tokenIssued", 0)
                .put("unauthorized", 0)
                .put("foreignToken", 0));
    }

    @Test
    void shouldResetTheStatsToZero() {
        // Given counted requests and an issued token
        sim.createWorkload("a");
        sim.get(UUID.randomUUID().toString());
        sim.token("gateway");

        // When the stats are reset
        HttpResponse<String> reset = sim.send("DELETE", STATS, null);

        // Then every count is zero
        assertThat(reset.statusCode()).isEqualTo(204);
        JsonNode stats = json(sim.send("GET", STATS, null));
        assertThat(stats.get("create").asLong()).isZero();
        assertThat(stats.get("get").asLong()).isZero();
        assertThat(stats.get("token").asLong()).isZero();
        assertThat(stats.get("tokenIssued").asLong()).isZero();
    }

    @Test
    void shouldClearFaultsStatsAndWorkloadsOnReset() {
        // Given a workload, counted requests and active faults
        String id = sim.createWorkload("kept-until-reset");
        sim.send("PUT", SimulatedControlPlane.FAULTS, "{\"errorRate\":1.0}");

        // When the simulator is reset
        HttpResponse<String> reset = sim.send("POST", SimulatedControlPlane.RESET, null);

        // Then the workload is gone, faults are off and the stats restart from it
        assertThat(reset.statusCode()).isEqualTo(204);
        assertThat(sim.get(id).statusCode()).isEqualTo(404);
        assertThat(sim.create(createBody("kept-until-reset", null)).statusCode()).isEqualTo(202);
        assertThat(json(sim.send("GET", STATS, null)).get("create").asLong()).isEqualTo(1);
    }

    @Test
    void shouldAnswerUnknownPathsAndWrongMethodsWithJsonErrors() {
        // Given paths and methods the Run:ai API does not have
        // When they are called
        HttpResponse<String> unknownPath = sim.send("GET", "/api/v1/nothing-here", null);
        HttpResponse<String> rootPath = sim.send("GET", "/", null);
        HttpResponse<String> wrongMethod = sim.send("PUT", SimulatedControlPlane.WORKLOADS, "{}");

        // Then they are 404 and 405 with the vendor Error shape, never HTML
        assertThat(unknownPath.statusCode()).isEqualTo(404);
        assertThat(unknownPath.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(json(unknownPath).get("code").asInt()).isEqualTo(404);
        assertThat(json(unknownPath).get("message").asText()).isNotBlank();
        assertThat(rootPath.statusCode()).isEqualTo(404);
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(json(wrongMethod).get("code").asInt()).isEqualTo(405);
    }
}
