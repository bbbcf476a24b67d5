package io.infergate.routing;

import static io.infergate.testing.Authenticated.given;
import static io.infergate.testing.RunningSimulator.CLUSTER_A;
import static io.infergate.testing.RunningSimulator.CLUSTER_B;
import static io.infergate.testing.Simulators.createBody;
import static io.infergate.testing.VendorApi.COLLECTION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.infergate.testing.RunningSimulator;
import io.infergate.testing.Simulators;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/**
 * The four operations end to end: gateway over real HTTP to two simulated Run:ai control planes.
 */
@QuarkusTest
@WithTestResource(RunningSimulator.class)
class RoutingThroughSimulatorTest {

    @BeforeEach
    void resetSimulators() {
        Simulators.reset("sim-a", "sim-b");
    }

    @Test
    void shouldCreateOnTheClusterNamedByClusterId() {
        // When a workload is created for each cluster
        create(CLUSTER_A, "llama-a").body("clusterId", equalTo(CLUSTER_A));
        create(CLUSTER_B, "llama-b").body("clusterId", equalTo(CLUSTER_B));

        // Then each control plane received exactly its own create
        assertThat(Simulators.stats("sim-a")).containsEntry("create", 1);
        assertThat(Simulators.stats("sim-b")).containsEntry("create", 1);
    }

    @Test
    void shouldAnswerCreateWithTheFullWorkloadAsTheControlPlaneSentIt() {
        create(CLUSTER_A, "full")
                .body("name", equalTo("full"))
                .body("requestedName", equalTo("full"))
                .body("workloadId", notNullValue())
                .body("projectId", equalTo("7"))
                .body("createdAt", notNullValue())
                .body("desiredPhase", equalTo("Running"))
                .body("actualPhase", equalTo("Creating"))
                .body("spec.leader.image", equalTo("nvcr.io/nim/meta/llama-3.1-70b-instruct:1.3"));
    }

    @Test
    void shouldGetPatchAndDeleteOnEachClusterThroughTheLocatorWithAnEmptyCache() {
        for (String[] cluster : new String[][] { { "sim-a", CLUSTER_A, "sim-b" }, { "sim-b", CLUSTER_B, "sim-a" } }) {
            // Given a workload the gateway has never seen, created directly on one control plane
            String id = Simulators.createDirectly(cluster[0], createBody(cluster[1], "7", "direct"));

            // When it is read, scaled and deleted through the gateway
            given().get(COLLECTION + "/" + id).then().statusCode(200).body("workloadId", equalTo(id));
            given().contentType(ContentType.JSON)
                    .body("{\"spec\":{\"replicas\":3}}")
                    .patch(COLLECTION + "/" + id)
                    .then()
                    .statusCode(202)
                    .body("spec.replicas", equalTo(3))
                    .body("actualPhase", equalTo("Updating"));
            given().delete(COLLECTION + "/" + id)
                    .then()
                    .statusCode(202)
                    .body("code", equalTo(202))
                    .body("message", equalTo("Request has been accepted."));

            // Then patch and delete went to the owner only, never to the other cluster
            assertThat(Simulators.stats(cluster[0])).containsEntry("patch", 1).containsEntry("delete", 1);
            assertThat(Simulators.stats(cluster[2])).containsEntry("patch", 0).containsEntry("delete", 0);
            Simulators.reset("sim-a", "sim-b");
        }
    }

    @Test
    void shouldShowTheFullPhaseProgressionThroughTheGateway() {
        String id = create(CLUSTER_A, "phases").extract().path("workloadId");

        List<String> seen = new ArrayList<>(List.of("Creating"));
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(25)).until(() -> {
            String phase = given().get(COLLECTION + "/" + id).then().statusCode(200).extract().path("actualPhase");
            if (!phase.equals(seen.get(seen.size() - 1))) {
                seen.add(phase);
            }
            return phase.equals("Running");
        });

        assertThat(seen).containsExactly("Creating", "Pending", "Initializing", "Running");
    }

    @Test
    void shouldReturnToRunningAfterAPatchAndBeGoneAfterADelete() {
        String id = create(CLUSTER_B, "lifecycle").extract().path("workloadId");
        given().contentType(ContentType.JSON).body("{\"spec\":{\"replicas\":2}}").patch(COLLECTION + "/" + id).then()
                .statusCode(202);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().get(COLLECTION + "/" + id).then()
                .body("actualPhase", equalTo("Running")).body("spec.replicas", equalTo(2)));

        given().delete(COLLECTION + "/" + id).then().statusCode(202);
        given().get(COLLECTION + "/" + id)
                .then()
                .statusCode(200)
                .body("actualPhase", equalTo("Deleting"))
                .body("desiredPhase", equalTo("Deleted"))
                .body("deletedAt", notNullValue());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().get(COLLECTION + "/" + id).then()
                .statusCode(404)
                .body("code", equalTo(404)));
    }

    @Test
    void shouldPassAConflictThroughWhenANameIsTakenInAProject() {
        create(CLUSTER_A, "twice");

        given().contentType(ContentType.JSON)
                .body(createBody(CLUSTER_A, "7", "twice"))
                .post(COLLECTION)
                .then()
                .statusCode(409)
                .contentType(ContentType.JSON)
                .body("code", equalTo(409))
                .body("message", equalTo("Resource with this name already exists"));
    }

    @Test
    void shouldAnswer404WhenEveryClusterAnswers404() {
        String unknown = UUID.randomUUID().toString();

        given().get(COLLECTION + "/" + unknown)
                .then()
                .statusCode(404)
                .contentType(ContentType.JSON)
                .body("code", equalTo(404))
                .body("message", equalTo("Resource id not found."));
        given().delete(COLLECTION + "/" + unknown).then().statusCode(404);

        // Both clusters were asked; neither was sent the delete
        assertThat(Simulators.stats("sim-a")).containsEntry("get", 2).containsEntry("delete", 0);
        assertThat(Simulators.stats("sim-b")).containsEntry("get", 2).containsEntry("delete", 0);
    }

    @Test
    void shouldAskOnlyTheKnownOwnerOnceAWorkloadWasCreatedThroughTheGateway() {
        String id = create(CLUSTER_A, "cached").extract().path("workloadId");

        given().get(COLLECTION + "/" + id).then().statusCode(200);

        assertThat(Simulators.stats("sim-a")).containsEntry("get", 1);
        assertThat(Simulators.stats("sim-b")).containsEntry("get", 0);
    }

    @Test
    void shouldLocateAgainWhenTheRememberedOwnerNoLongerHasTheWorkload() {
        // Given a workload the gateway remembers on cluster a, which then forgets it behind the gateway's back
        String id = create(CLUSTER_A, "forgotten").extract().path("workloadId");
        Simulators.reset("sim-a");

        // Then a read asks a, then b, and answers 404 rather than trusting the stale entry
        given().get(COLLECTION + "/" + id).then().statusCode(404);
        assertThat(Simulators.stats("sim-a")).containsEntry("get", 1);
        assertThat(Simulators.stats("sim-b")).containsEntry("get", 1);
    }

    @Test
    void shouldRejectBadInputWithoutAnyUpstreamCall() {
        given().get(COLLECTION + "/not-a-uuid").then().statusCode(400);
        given().contentType(ContentType.JSON)
                .body(createBody("9b2f0c4e-1111-4222-8333-944455556666", "7", "nowhere"))
                .post(COLLECTION)
                .then()
                .statusCode(400)
                .body("message", equalTo("Unknown clusterId"));

        Map<String, Integer> zero = Map.of("create", 0, "get", 0, "patch", 0, "delete", 0);
        assertThat(Simulators.stats("sim-a")).containsAllEntriesOf(zero);
        assertThat(Simulators.stats("sim-b")).containsAllEntriesOf(zero);
    }

    private static ValidatableResponse create(String clusterId, String name) {
        return given().contentType(ContentType.JSON)
                .body(createBody(clusterId, "7", name))
                .post(COLLECTION)
                .then()
                .statusCode(202)
                .contentType(ContentType.JSON);
    }
}
