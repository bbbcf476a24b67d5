package io.infergate.upstream;

import static io.infergate.testing.Authenticated.given;
import static io.infergate.testing.Simulators.createBody;
import static io.infergate.testing.VendorApi.COLLECTION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.infergate.testing.ScriptedCluster;
import io.infergate.testing.ScriptedCluster.ControlPlane;
import io.infergate.testing.ScriptedCluster.Exchange;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;

/**
 * A request is reported by what all its attempts did, not by the last one: a retry that could not be sent (nobody
 * listens any more) after an attempt that reached the control plane does not make the request "not sent".
 */
@QuarkusTest
@WithTestResource(ScriptedCluster.class)
class UnsentRetryTest {

    private ControlPlane controlPlane;

    @BeforeEach
    void listen() {
        CircuitBreakerMaintenance.get().resetAll();
        controlPlane = ControlPlane.listen();
    }

    @AfterEach
    void stop() throws Exception {
        controlPlane.close();
    }

    @Test
    void shouldSayADeleteMayHaveBeenAppliedWhenItsRetryFindsTheClusterUnreachable() throws Exception {
        // Given a workload the gateway created, so it knows the owner
        String id = created();

        // When the delete reaches the control plane, which stops listening and resets the connection unanswered
        CompletableFuture<Response> delete = CompletableFuture.supplyAsync(() -> given().delete(COLLECTION + "/" + id));
        Exchange sent = controlPlane.next();
        assertThat(sent.requestLine()).startsWith("DELETE " + COLLECTION + "/" + id);
        controlPlane.stopListening();
        sent.reset();

        // Then the retry found nobody, but the caller hears that the delete may have been applied, not that it was not sent
        delete.get(10, TimeUnit.SECONDS)
                .then()
                .statusCode(502)
                .body("details", containsString("Cluster scripted closed the connection before answering."))
                .body("details", containsString("InferGate did not send the retry: the cluster is unreachable."))
                .body("details", containsString("it may have been applied"))
                .body("details", not(containsString("not sent.")));
    }

    @Test
    void shouldPassBackTheControlPlanesOwn503WhenTheRetryOfACreateFindsTheClusterUnreachable() throws Exception {
        // Given a control plane that answers a create 503 (not processed: a create may be sent again), then goes away
        CompletableFuture<Response> create = CompletableFuture.supplyAsync(() -> given().contentType(ContentType.JSON)
                .body(createBody(ScriptedCluster.CLUSTER_SCRIPTED, "7", "busy")).post(COLLECTION));
        Exchange sent = controlPlane.next();
        controlPlane.stopListening();
        String busy = "{\"code\":503,\"message\":\"Please try again in few minutes.\"}";
        sent.answerAndClose(503, busy);

        // Then the caller gets the control plane's own word, the last thing a sent attempt heard, not "was not sent"
        String body = create.get(10, TimeUnit.SECONDS).then().statusCode(503).extract().asString();
        assertThat(body).isEqualTo(busy);
    }

    private String created() throws Exception {
        String id = UUID.randomUUID().toString();
        CompletableFuture<Response> create = CompletableFuture.supplyAsync(() -> given().contentType(ContentType.JSON)
                .body(createBody(ScriptedCluster.CLUSTER_SCRIPTED, "7", "w-" + id)).post(COLLECTION));
        controlPlane.next().answer(202, "{\"workloadId\":\"" + id + "\",\"projectId\":\"7\",\"clusterId\":\""
                + ScriptedCluster.CLUSTER_SCRIPTED + "\"}");
        create.get(10, TimeUnit.SECONDS).then().statusCode(202).body("workloadId", equalTo(id));
        return id;
    }
}
