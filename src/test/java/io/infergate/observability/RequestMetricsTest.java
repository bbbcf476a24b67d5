package io.infergate.observability;

import static io.infergate.testing.Authenticated.given;
import static io.infergate.testing.RunningSimulator.CLUSTER_A;
import static io.infergate.testing.Simulators.createBody;
import static io.infergate.testing.VendorApi.COLLECTION;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.infergate.testing.CapturedLog;
import io.infergate.testing.GatewayHttp;
import io.infergate.testing.Management;
import io.infergate.testing.RunningSimulator;
import io.infergate.testing.Simulators;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;

/**
 * What an on-call engineer reads at {@code /q/metrics} (on the management port): every request counted once under its
 * operation, cluster, status
 * class and outcome, contract rejections by rule, locate results, upstream attempts; and no tag ever carries a value a
 * caller chose (a workload id, an unknown cluster id, a path).
 */
@QuarkusTest
@WithTestResource(RunningSimulator.class)
class RequestMetricsTest {

    @BeforeEach
    void resetSimulators() {
        Simulators.reset("sim-a", "sim-b");
    }

    @Test
    void shouldCountEachRequestUnderItsOperationClusterAndOutcome() {
        double forwarded = count("infergate_requests_seconds_count", "operation=\"create\"", "cluster=\"a\"",
                "status_class=\"2xx\"", "outcome=\"forwarded\"");
        double unknownCluster = count("infergate_requests_seconds_count", "operation=\"create\"", "cluster=\"unknown\"",
                "outcome=\"bad_request\"");
        double contract = count("infergate_requests_seconds_count", "operation=\"create\"", "cluster=\"none\"",
                "outcome=\"rejected_contract\"");
        double auth = count("infergate_requests_seconds_count", "operation=\"get\"", "outcome=\"rejected_auth\"");
        double notFound = count("infergate_requests_seconds_count", "operation=\"get\"", "outcome=\"not_found\"");
        double byRule = count("infergate_contract_rejections_total", "rule=");
        double located = count("infergate_locator_results_total", "result=\"not_found\"");
        double attempts = count("infergate_upstream_attempts_seconds_count", "cluster=\"a\"", "operation=\"create\"",
                "status_class=\"2xx\"");

        given().contentType(ContentType.JSON).body(createBody(CLUSTER_A, "3", "counted")).post(COLLECTION).then()
                .statusCode(202);
        given().contentType(ContentType.JSON).body(createBody(UUID.randomUUID().toString(), "3", "lost")).post(COLLECTION)
                .then().statusCode(400);
        given().contentType(ContentType.JSON).body("{\"name\":7,\"projectId\":\"3\",\"clusterId\":\"" + CLUSTER_A
                + "\",\"spec\":{}}").post(COLLECTION).then().statusCode(400);
        GatewayHttp.send("GET", COLLECTION + "/" + UUID.randomUUID(), null, null);
        given().get(COLLECTION + "/" + UUID.randomUUID()).then().statusCode(404);

        assertThat(count("infergate_requests_seconds_count", "operation=\"create\"", "cluster=\"a\"",
                "status_class=\"2xx\"", "outcome=\"forwarded\"")).isEqualTo(forwarded + 1);
        assertThat(count("infergate_requests_seconds_count", "operation=\"create\"", "cluster=\"unknown\"",
                "outcome=\"bad_request\"")).isEqualTo(unknownCluster + 1);
        assertThat(count("infergate_requests_seconds_count", "operation=\"create\"", "cluster=\"none\"",
                "outcome=\"rejected_contract\"")).isEqualTo(contract + 1);
        assertThat(count("infergate_requests_seconds_count", "operation=\"get\"", "outcome=\"rejected_auth\""))
                .isEqualTo(auth + 1);
        assertThat(count("infergate_requests_seconds_count", "operation=\"get\"", "outcome=\"not_found\""))
                .isEqualTo(notFound + 1);
        assertThat(count("infergate_contract_rejections_total", "rule=")).isGreaterThan(byRule);
        assertThat(count("infergate_locator_results_total", "result=\"not_found\"")).isEqualTo(located + 1);
        assertThat(count("infergate_upstream_attempts_seconds_count", "cluster=\"a\"", "operation=\"create\"",
                "status_class=\"2xx\"")).isEqualTo(attempts + 1);
    }

    @Test
    void shouldNeverPutAValueTheCallerChoseInATag() {
        String workloadId = UUID.randomUUID().toString();
        String clusterId = UUID.randomUUID().toString();
        given().get(COLLECTION + "/" + workloadId).then().statusCode(404);
        given().contentType(ContentType.JSON).body(createBody(clusterId, "3", "tagged")).post(COLLECTION).then()
                .statusCode(400);
        RestAssured.get("/no-such-path-" + workloadId).then().statusCode(404);

        String metrics = Management.metrics();

        assertThat(metrics).doesNotContain(workloadId).doesNotContain(clusterId).doesNotContain("no-such-path");
        assertThat(metrics)
                .containsPattern("infergate_requests_seconds_bucket\\{cluster=\"(none|unknown)\",[^}]*le=\"1\\.0\"\\}");
    }

    @Test
    void shouldWriteOneAccessLineWithTheRouteTemplateAndNoSecrets() {
        List<String> lines;
        String workloadId = UUID.randomUUID().toString();
        try (CapturedLog access = CapturedLog.of("io.infergate.access")) {
            given().get(COLLECTION + "/" + workloadId).then().statusCode(404);
            // the line is written once the response has ended, which may be just after the client has read it
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                    .until(() -> access.lines().size() == 1);
            // a health probe or a scrape writes no line
            Management.given().get("/q/health/live").then().statusCode(200);
            Management.metrics();
            GatewayHttp.send("DELETE", COLLECTION + "/" + workloadId, "Bearer not-a-token", null);
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                    .until(() -> access.lines().size() == 2);
            lines = access.lines().stream().map(CapturedLog.Line::message).toList();
        }

        assertThat(lines.get(0)).startsWith("GET " + COLLECTION + "/{workloadId} 404 ")
                .contains("cluster=none", "outcome=not_found", "subject=test-admin");
        assertThat(lines.get(1)).startsWith("DELETE " + COLLECTION + "/{workloadId} 401 ")
                .contains("outcome=rejected_auth", "subject=-");
        assertThat(lines).noneMatch(line -> line.contains(workloadId) || line.contains("eyJ")
                || line.contains("not-a-token"));
    }

    /**
     * @return the value of the one series of a meter whose labels contain all the given pairs, 0 when there is none
     */
    private static double count(String name, String... labels) {
        String metrics = Management.metrics();
        Matcher line = Pattern.compile("^" + name + "\\{([^}]*)\\} (\\S+)$", Pattern.MULTILINE).matcher(metrics);
        double total = 0;
        while (line.find()) {
            String found = line.group(1);
            if (List.of(labels).stream().allMatch(found::contains)) {
                total += Double.parseDouble(line.group(2));
            }
        }
        return total;
    }
}
