package io.infergate.routing;

import static io.infergate.testing.Authenticated.given;
import static io.infergate.testing.RunningSimulator.CLUSTER_A;
import static io.infergate.testing.SimulatorWithDeadCluster.CLUSTER_DOWN;
import static io.infergate.testing.Simulators.createBody;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.infergate.testing.Management;
import io.infergate.testing.SimulatorWithDeadCluster;
import io.infergate.testing.Simulators;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * One cluster ({@code down}) is gone: the gateway must neither claim a workload is absent when it could be there, nor
 * let the outage hide workloads on the cluster that is up.
 */
@QuarkusTest
@WithTestResource(SimulatorWithDeadCluster.class)
class ClusterDownTest {

    private static final String COLLECTION = "/api/v1/workloads/distributed-inferences";

    @BeforeEach
    void resetSimulator() {
        Simulators.reset("sim-a");
    }

    @Test
    void shouldReturn503NamingTheUnreachableClusterInsteadOfAFalse404() {
        given().get(COLLECTION + "/" + UUID.randomUUID())
                .then()
                .statusCode(503)
                .contentType(ContentType.JSON)
                .body("code", equalTo(503))
                .body("details", containsString("down (is unreachable)"));
    }

    @Test
    void shouldStayReadyWhileAClusterIsDownSoTheReplicaKeepsServingTheOthers() {
        // the dead cluster has been asked (and found unreachable) before the probe
        given().get(COLLECTION + "/" + UUID.randomUUID()).then().statusCode(503);

        Management.given().get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'infergate' }.data.clusters", equalTo(2));
        Management.given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void shouldStillFindAWorkloadOnTheHealthyClusterWhileAnotherIsDown() {
        String id = Simulators.createDirectly("sim-a", createBody(CLUSTER_A, "7", "survivor"));

        given().get(COLLECTION + "/" + id).then().statusCode(200).body("workloadId", equalTo(id));
        given().contentType(ContentType.JSON)
                .body("{\"spec\":{\"replicas\":2}}")
                .patch(COLLECTION + "/" + id)
                .then()
                .statusCode(202);
    }

    @Test
    void shouldAnswer503WithoutSendingWhenTheCreateClusterIsUnreachable() {
        given().contentType(ContentType.JSON)
                .body(createBody(CLUSTER_DOWN, "7", "lost"))
                .post(COLLECTION)
                .then()
                .statusCode(503)
                .contentType(ContentType.JSON)
                .body("details", containsString("Cluster down is unreachable. The request was not sent."));
    }
}
