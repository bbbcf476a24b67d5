package io.infergate.contract;

import static io.infergate.testing.Authenticated.given;
import static io.infergate.testing.VendorApi.COLLECTION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.infergate.testing.RunningSimulator;
import io.infergate.testing.Simulators;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Contract validation as a caller meets it: one 400 in the vendor {@code Error} shape listing every problem, and a
 * rejected request never reaching a cluster; a valid maximal body goes through untouched.
 */
@QuarkusTest
@WithTestResource(RunningSimulator.class)
class ContractThroughGatewayTest {

    @BeforeEach
    void resetSimulators() {
        Simulators.reset("sim-a", "sim-b");
    }

    @Test
    void shouldForwardTheValidMaximalBody() {
        given().contentType(ContentType.JSON)
                .body(SpecMutationTest.maximal().toString())
                .post(COLLECTION)
                .then()
                .statusCode(202)
                .body("spec.leader.compute.gpuPortionRequest", equalTo(0.5f));

        assertThat(Simulators.stats("sim-a")).containsEntry("create", 1);
    }

    @Test
    void shouldListEveryProblemInOne400AndNeverReachTheCluster() {
        // Given a body with a typo, a bad enum, an out-of-range number and a broken cross-field rule
        ObjectNode body = SpecMutationTest.maximal();
        ObjectNode compute = (ObjectNode) body.at("/spec/leader/compute");
        compute.set("gpuDeviceRequest", compute.remove("gpuDevicesRequest"));
        ((ObjectNode) body.get("spec")).put("restartPolicy", "Always").put("replicas", 1001);
        ((ObjectNode) body.get("spec")).remove("worker");

        // When it is submitted
        given().contentType(ContentType.JSON)
                .body(body.toString())
                .post(COLLECTION)
                .then()
                // Then one 400 lists each problem with its pointer and rule, in the vendor Error shape
                .statusCode(400)
                .contentType(ContentType.JSON)
                .body("code", equalTo(400))
                .body("message", startsWith("The request does not comply with the Run:ai contract"))
                .body("details", containsString("/spec/replicas"))
                .body("violations.pointer", hasItem("/spec/leader/compute/gpuDeviceRequest"))
                .body("violations.find { it.pointer == '/spec/leader/compute/gpuDeviceRequest' }.message",
                        containsString("Did you mean 'gpuDevicesRequest'?"))
                .body("violations.find { it.pointer == '/spec/restartPolicy' }.rule", equalTo("schema.enum"))
                .body("violations.find { it.pointer == '/spec/replicas' }.rule", equalTo("schema.maximum"))
                .body("violations.find { it.pointer == '/spec/worker' }.rule", equalTo("worker-required"));

        Map<String, Integer> zero = Map.of("create", 0, "get", 0, "patch", 0, "delete", 0);
        assertThat(Simulators.stats("sim-a")).containsAllEntriesOf(zero);
        assertThat(Simulators.stats("sim-b")).containsAllEntriesOf(zero);
    }

    @Test
    void shouldAnswerAHostileBodyWithTheFirstHundredProblemsAndSayThereAreMore() {
        // Given the ~1 MB create of 3,900 unknown 250-character keys under spec.leader
        String hostile = HostileBodies.unknownLongKeys(3_900, 250);

        // When it is submitted, Then the 400 lists max-violations problems, says there are more, and spends no hint
        given().contentType(ContentType.JSON)
                .body(hostile)
                .post(COLLECTION)
                .then()
                .statusCode(400)
                .body("code", equalTo(400))
                .body("message", equalTo("The request does not comply with the Run:ai contract: more than 100 problems;"
                        + " the first 100 found are listed."))
                .body("details", endsWith("(more problems not listed)"))
                .body("violations", hasSize(100))
                .body("violations.rule", everyItem(equalTo("unknown-field")))
                .body("violations.message", everyItem(not(containsString("Did you mean"))));
        assertThat(Simulators.stats("sim-a")).containsEntry("create", 0);
    }

    @Test
    void shouldRefuseAHostNameTooLongToMatchWithA400() {
        // Given a 64 KB host name, whose format match once overflowed the stack (a 500)
        ObjectNode body = SpecMutationTest.maximal();
        ((ObjectNode) body.at("/spec/leader/probes/readiness/handler/httpGet")).put("host", "a.".repeat(32_000) + "a");

        given().contentType(ContentType.JSON)
                .body(body.toString())
                .post(COLLECTION)
                .then()
                .statusCode(400)
                .body("violations", hasSize(1))
                .body("violations[0].pointer", equalTo("/spec/leader/probes/readiness/handler/httpGet/host"))
                .body("violations[0].rule", equalTo("schema.maxLength"))
                .body("violations[0].message", equalTo("host must be at most 253 characters long."));
    }

    @Test
    void shouldRejectAnInvalidPatchBeforeLocatingTheWorkload() {
        given().contentType(ContentType.JSON)
                .body("{\"spec\":{\"replicas\":\"three\",\"replica\":3}}")
                .patch(COLLECTION + "/3fa85f64-5717-4562-b3fc-2c963f66afa6")
                .then()
                .statusCode(400)
                .body("violations", hasSize(2))
                .body("violations.find { it.pointer == '/spec/replicas' }.rule", equalTo("schema.type"))
                .body("violations.find { it.pointer == '/spec/replica' }.message", containsString("Did you mean 'replicas'?"));

        assertThat(Simulators.stats("sim-a")).containsEntry("get", 0).containsEntry("patch", 0);
        assertThat(Simulators.stats("sim-b")).containsEntry("get", 0).containsEntry("patch", 0);
    }
}
