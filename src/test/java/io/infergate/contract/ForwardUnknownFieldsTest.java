package io.infergate.contract;

import static io.infergate.testing.Authenticated.given;
import static io.infergate.testing.RunningSimulator.CLUSTER_A;
import static io.infergate.testing.RunningSimulator.CLUSTER_B;
import static io.infergate.testing.Simulators.createBody;
import static io.infergate.testing.VendorApi.COLLECTION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.infergate.testing.RunningSimulator;
import io.infergate.testing.Simulators;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * {@code infergate.contract.unknown-fields=forward}: a deployment that must pass newer vendor fields through.
 */
@QuarkusTest
@WithTestResource(RunningSimulator.class)
@TestProfile(ForwardUnknownFieldsTest.Forward.class)
class ForwardUnknownFieldsTest {

    @Test
    void shouldForwardAFieldTheContractDoesNotDefine() {
        String body = createBody(CLUSTER_A, "7", "newer-client").replace("\"replicas\":1",
                "\"replicas\":1,\"futureKnob\":{\"level\":3}");

        given().contentType(ContentType.JSON)
                .body(body)
                .post(COLLECTION)
                .then()
                .statusCode(202)
                .body("spec.futureKnob.level", equalTo(3));
    }

    @Test
    void shouldPassTheControlPlanesOwn400BackUnchangedWhenItRefusesAForwardedField() {
        // Given cluster b, whose control plane refuses fields its contract does not define, and what it answers a create
        // carrying one when asked directly
        String body = createBody(CLUSTER_B, "7", "too-new").replace("\"replicas\":1",
                "\"replicas\":1,\"futureKnob\":{\"level\":3}");
        String direct = Simulators.at("sim-b")
                .contentType(ContentType.JSON)
                .body(body)
                .post("/api/v1/workloads/distributed-inferences")
                .then()
                .statusCode(400)
                .extract()
                .asString();
        int creates = Simulators.stats("sim-b").get("create");

        // When the same create goes through the gateway
        String through = given().contentType(ContentType.JSON)
                .body(body)
                .post("/api/v1/workloads/distributed-inferences")
                .then()
                .statusCode(400)
                .body("details", containsString("/spec/futureKnob"))
                .extract()
                .asString();

        // Then the gateway forwarded it, and the caller reads the control plane's 400 exactly as it was sent
        assertThat(Simulators.stats("sim-b")).containsEntry("create", creates + 1);
        assertThat(through).isEqualTo(direct);
    }

    @Test
    void shouldStillRejectWhatTheContractForbids() {
        String body = createBody(CLUSTER_A, "7", "still-checked").replace("\"replicas\":1", "\"replicas\":-1,\"x\":1");

        given().contentType(ContentType.JSON)
                .body(body)
                .post(COLLECTION)
                .then()
                .statusCode(400)
                .body("violations.size()", equalTo(1))
                .body("violations[0].rule", equalTo("schema.minimum"));
    }

    @Test
    void shouldRefuseAFieldThatDiffersFromAKnownOneOnlyInCase() {
        // Given a second replicas spelt with a capital R: a control plane matching names without regard to case (as Go's
        // encoding/json does) would take its value, which nobody checked
        String body = createBody(CLUSTER_A, "7", "case-variant").replace("\"replicas\":1",
                "\"replicas\":1,\"Replicas\":5000");
        int creates = Simulators.stats("sim-a").get("create");

        given().contentType(ContentType.JSON)
                .body(body)
                .post(COLLECTION)
                .then()
                .statusCode(400)
                .body("violations.size()", equalTo(1))
                .body("violations[0].pointer", equalTo("/spec/Replicas"))
                .body("violations[0].rule", equalTo("field.case-variant"));
        assertThat(Simulators.stats("sim-a")).containsEntry("create", creates);
    }

    /**
     * Forward unknown fields instead of rejecting them, to a control plane that accepts them (a) and one that refuses them
     * (b).
     */
    public static class Forward implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("infergate.contract.unknown-fields", "forward",
                    "infergate.simulator.clusters.sim-b.unknown-fields", "reject");
        }
    }
}
