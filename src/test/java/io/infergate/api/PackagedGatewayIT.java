package io.infergate.api;

import static io.infergate.testing.Authenticated.given;
import static io.infergate.testing.RunningSimulator.CLUSTER_A;
import static io.infergate.testing.RunningSimulator.CLUSTER_B;
import static io.infergate.testing.Simulators.createBody;
import static io.infergate.testing.VendorApi.COLLECTION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.infergate.testing.DevTokens;
import io.infergate.testing.PackagedWithTestIssuer;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;

/**
 * The packaged jar ({@code target/quarkus-app/quarkus-run.jar}), started in the prod profile with nothing but the
 * {@code infergate.clusters.*}, {@code infergate.simulator.*} and issuer properties, serves the four operations over real
 * HTTP, trusts only the key it was given (not the dev key that {@code deployment/dev/token.sh} signs with), and logs JSON
 * lines without the keys a container makes meaningless.
 */
@QuarkusIntegrationTest
@WithTestResource(value = PackagedWithTestIssuer.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
class PackagedGatewayIT {

    @Test
    void shouldServeTheFourOperationsFromThePackagedJar() {
        given().contentType(ContentType.JSON)
                .body(createBody(CLUSTER_A, "3", "packaged"))
                .post(COLLECTION)
                .then()
                .statusCode(202)
                .body("clusterId", equalTo(CLUSTER_A));
        String id = given().contentType(ContentType.JSON)
                .body(createBody(CLUSTER_B, "3", "packaged"))
                .post(COLLECTION)
                .then()
                .statusCode(202)
                .body("clusterId", equalTo(CLUSTER_B))
                .extract()
                .path("workloadId");

        given().get(COLLECTION + "/" + id).then().statusCode(200).body("workloadId", equalTo(id));
        given().contentType(ContentType.JSON)
                .body("{\"spec\":{\"replicas\":4}}")
                .patch(COLLECTION + "/" + id)
                .then()
                .statusCode(202)
                .body("spec.replicas", equalTo(4));
        given().delete(COLLECTION + "/" + id).then().statusCode(202).body("code", equalTo(202));
        given().get(COLLECTION + "/not-a-uuid").then().statusCode(400).contentType(ContentType.JSON);
    }

    @Test
    void shouldLogOneJsonObjectPerLineWithTheAccessLineAndNoProcessNoise() throws Exception {
        String id = "5b3c2d1e-0f9a-4b8c-9d7e-6f5a4b3c2d1e";
        given().get(COLLECTION + "/" + id).then().statusCode(404);

        List<JsonNode> lines = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            lines.clear();
            for (String line : Files.readAllLines(Path.of("target", "quarkus.log"))) {
                if (!line.isBlank()) {
                    lines.add(json.readTree(line));
                }
            }
            return lines.stream().anyMatch(PackagedGatewayIT::isGetAccessLine);
        });

        assertThat(lines).allSatisfy(line -> {
            assertThat(line.isObject()).isTrue();
            assertThat(line.has("timestamp") && line.has("level") && line.has("loggerName") && line.has("message")
                    && line.has("threadName") && line.has("hostName")).as(line.toString()).isTrue();
            assertThat(line.has("sequence") || line.has("loggerClassName") || line.has("ndc")
                    || line.has("processName") || line.has("processId") || line.has("threadId"))
                    .as(line.toString())
                    .isFalse();
        });
    }

    private static boolean isGetAccessLine(JsonNode line) {
        return "io.infergate.access".equals(line.path("loggerName").asText())
                && line.path("message").asText().startsWith("GET " + COLLECTION + "/{workloadId} 404 ");
    }

    @Test
    void shouldRefuseTokensOfTheDevKeyInProduction() throws Exception {
        String devToken = DevTokens.mint("developer", "infergate-admins");

        RestAssured.given()
                .header("Authorization", "Bearer " + devToken)
                .get(COLLECTION + "/3fa85f64-5717-4562-b3fc-2c963f66afa6")
                .then()
                .statusCode(401)
                .header("WWW-Authenticate", org.hamcrest.Matchers.startsWith("Bearer"));
        RestAssured.given()
                .get(COLLECTION + "/3fa85f64-5717-4562-b3fc-2c963f66afa6")
                .then()
                .statusCode(401)
                .body("code", equalTo(401));
    }
}
