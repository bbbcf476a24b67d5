package io.infergate.routing;

import static io.infergate.testing.Authenticated.given;
import static io.infergate.testing.RunningSimulator.CLUSTER_A;
import static io.infergate.testing.SimulatorWithDeadCluster.CLUSTER_DOWN;
import static io.infergate.testing.Simulators.createBody;
import static io.infergate.testing.VendorApi.COLLECTION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.net.http.HttpResponse;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.infergate.testing.GatewayHttp;
import io.infergate.testing.Management;
import io.infergate.testing.SimulatorWithDeadCluster;
import io.infergate.testing.Simulators;
import io.infergate.testing.TestTokens;
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
    void shouldNeverAnswerAFalse404ForAClusterTheCallerMayUseButAskNoOtherCluster() {
        // Given a caller whose grants reach only the cluster that is down, and one whose grants reach only the healthy one
        String down = "Bearer " + TestTokens.builder().subject("down-team").groups(SimulatorWithDeadCluster.TEAM_DOWN).sign();
        String up = "Bearer " + TestTokens.builder().subject("a-team").groups(SimulatorWithDeadCluster.TEAM_A).sign();

        // When each reads a workload nobody has
        HttpResponse<String> mayBeThere = GatewayHttp.send("GET", COLLECTION + "/" + UUID.randomUUID(), down, null);
        HttpResponse<String> absent = GatewayHttp.send("GET", COLLECTION + "/" + UUID.randomUUID(), up, null);

        // Then the cluster the first may use could not answer, so not a 404; the second's token never went to it
        assertThat(mayBeThere.statusCode()).isEqualTo(503);
        assertThat(mayBeThere.body()).contains("down (is unreachable)");
        assertThat(absent.statusCode()).isEqualTo(404);
        assertThat(Simulators.stats("sim-a")).containsEntry("get", 1);
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
