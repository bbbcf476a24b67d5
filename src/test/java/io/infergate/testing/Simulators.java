package io.infergate.testing;

import static io.infergate.testing.VendorApi.COLLECTION;
import static io.restassured.RestAssured.given;

import java.util.Map;

import org.eclipse.microprofile.config.ConfigProvider;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * Talks to the simulated control planes directly, past the gateway: to see what reached them ({@code /_sim/stats}), to
 * reset them between tests, and to create workloads the gateway has never seen.
 */
public final class Simulators {

    private Simulators() {
    }

    /**
     * @param simulated the simulated cluster's name, e.g. {@code sim-a}
     * @return a request aimed at that control plane
     */
    public static RequestSpecification at(String simulated) {
        int port = ConfigProvider.getConfig()
                .getValue("infergate.simulator.clusters." + simulated + ".port", Integer.class);
        return given().baseUri("http://127.0.0.1").port(port);
    }

    /**
     * @return requests received per operation: {@code create}, {@code get}, {@code patch}, {@code delete}, {@code token}; and
     *         {@code tokenIssued}, {@code unauthorized}
     *         (401s to a missing, foreign, expired or revoked token) and {@code foreignToken} (tokens it did not sign)
     */
    public static Map<String, Integer> stats(String simulated) {
        return at(simulated).get("/_sim/stats").then().statusCode(200).extract().jsonPath().getMap("");
    }

    /**
     * Clears workloads, faults and counters.
     */
    public static void reset(String... simulated) {
        for (String name : simulated) {
            at(name).post("/_sim/reset").then().statusCode(204);
        }
    }

    /**
     * Creates a workload on a control plane without going through the gateway, so the gateway's locator cache has never
     * seen it.
     *
     * @return the new workload's id
     */
    public static String createDirectly(String simulated, String body) {
        return at(simulated).contentType(ContentType.JSON)
                .body(body)
                .post(COLLECTION)
                .then()
                .statusCode(202)
                .extract()
                .path("workloadId");
    }

    /**
     * Sends a create to a control plane directly, past the gateway.
     *
     * @return its status, e.g. 409 once a workload of that name exists in that project
     */
    public static int createDirectlyStatus(String simulated, String body) {
        return at(simulated).contentType(ContentType.JSON)
                .body(body)
                .post("/api/v1/workloads/distributed-inferences")
                .statusCode();
    }

    /**
     * @return a minimal valid create body
     */
    public static String createBody(String clusterId, String projectId, String name) {
        return """
                {"name":"%s","projectId":"%s","clusterId":"%s",
                 "spec":{"replicas":1,"leader":{"image":"nvcr.io/nim/meta/llama-3.1-70b-instruct:1.3"}}}"""
                .formatted(name, projectId, clusterId);
    }
}
