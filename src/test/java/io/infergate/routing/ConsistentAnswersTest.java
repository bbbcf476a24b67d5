package io.infergate.routing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.infergate.testing.Authenticated.given;
import static io.infergate.testing.Simulators.createBody;
import static io.infergate.testing.VendorApi.COLLECTION;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;

import io.infergate.testing.CapturedLog;
import io.infergate.testing.FaultyClusters;
import io.infergate.testing.InjectWireMock;
import io.infergate.testing.Simulators;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;

/**
 * A cluster is taken for a workload's owner only when its answer is about that very workload and names that very
 * cluster: the clusters of {@link FaultyClusters} share one WireMock, so one stubbed answer is the same answer from five
 * clusters, and at most one of them is the cluster the answer names.
 */
@QuarkusTest
@WithTestResource(FaultyClusters.class)
class ConsistentAnswersTest {

    private static final String WIREMOCK_CLUSTERS = "hasty, narrow, slow, stormy, wm";
    /** A value in every stubbed body that must never reach a log line. */
    private static final String IN_THE_BODY = "nvcr.io/never-logged/image:1";

    @InjectWireMock
    WireMockServer wireMock;

    @Inject
    WorkloadLocator locator;

    @BeforeEach
    void reset() {
        wireMock.resetAll();
        wireMock.stubFor(any(anyUrl()).atPriority(10)
                .willReturn(json(404, "{\"code\":404,\"message\":\"Resource id not found.\"}")));
        CircuitBreakerMaintenance.get().resetAll();
        Simulators.reset("sim-a");
    }

    @Test
    void shouldAnswer503NamingTheClustersThatAnsweredAboutAnotherWorkload() {
        // Given every WireMock cluster answering any read with another workload's body, and the simulator a 404
        String id = UUID.randomUUID().toString();
        wireMock.stubFor(get(urlPathMatching(COLLECTION + "/.*"))
                .willReturn(json(200, workload(UUID.randomUUID().toString(), FaultyClusters.CLUSTER_WM))));

        // When the workload is read
        Response answer;
        List<String> warnings;
        try (CapturedLog log = CapturedLog.of(WorkloadLocator.class.getName())) {
            answer = given().get(COLLECTION + "/" + id);
            warnings = log.lines().stream().map(CapturedLog.Line::message).toList();
        }

        // Then no cluster counts as its owner: not a 200 with another workload, not a 404, but a 503 naming them all
        assertThat(answer.statusCode()).isEqualTo(503);
        for (String cluster : WIREMOCK_CLUSTERS.split(", ")) {
            assertThat(answer.jsonPath().getString("details"))
                    .contains(cluster + " (answered 200 about another workload or cluster)");
        }
        assertThat(locator.cached(UUID.fromString(id))).isEmpty();
        // And each is logged once, by name, without the body
        assertThat(warnings).filteredOn(line -> line.contains("answered 200 to a read of workload " + id)).hasSize(5);
        assertThat(warnings).noneMatch(line -> line.contains(IN_THE_BODY));
    }

    @Test
    void shouldTakeForTheOwnerOnlyTheClusterTheAnswerNames() {
        for (int i = 0; i < 5; i++) {
            // Given a workload of cluster wm, whose answer every WireMock cluster repeats
            String id = UUID.randomUUID().toString();
            wireMock.stubFor(get(urlEqualTo(COLLECTION + "/" + id))
                    .willReturn(json(200, workload(id, FaultyClusters.CLUSTER_WM))));

            // When it is located
            given().get(COLLECTION + "/" + id).then().statusCode(200);

            // Then wm, the cluster its answer names, is remembered as the owner, whichever cluster answered first
            assertThat(locator.cached(UUID.fromString(id)))
                    .hasValueSatisfying(owner -> assertThat(owner.cluster().name()).isEqualTo("wm"));
        }
    }

    @Test
    void shouldNotRememberACreateWhoseAnswerNamesAnotherCluster() {
        // Given cluster stormy answering one create with wm's clusterId in the body, and another with its own
        String misnamed = UUID.randomUUID().toString();
        String named = UUID.randomUUID().toString();
        wireMock.stubFor(post(urlEqualTo(COLLECTION)).withRequestBody(containing("misnamed"))
                .willReturn(json(202, workload(misnamed, FaultyClusters.CLUSTER_WM))));
        wireMock.stubFor(post(urlEqualTo(COLLECTION)).withRequestBody(containing("named-right"))
                .willReturn(json(202, workload(named, FaultyClusters.CLUSTER_STORMY))));

        // When both are created on stormy
        create(FaultyClusters.CLUSTER_STORMY, "misnamed");
        create(FaultyClusters.CLUSTER_STORMY, "named-right");

        // Then the answer passes back as sent, but only the consistent one makes stormy the remembered owner
        assertThat(locator.cached(UUID.fromString(misnamed))).isEmpty();
        assertThat(locator.cached(UUID.fromString(named)))
                .hasValueSatisfying(owner -> assertThat(owner.cluster().name()).isEqualTo("stormy"));
    }

    @Test
    void shouldNotTrustTheRememberedOwnerOnceItAnswersAboutAnotherWorkload() {
        // Given a workload remembered on wm, which then answers reads with another workload's body
        String id = UUID.randomUUID().toString();
        wireMock.stubFor(post(urlEqualTo(COLLECTION)).willReturn(json(202, workload(id, FaultyClusters.CLUSTER_WM))));
        create(FaultyClusters.CLUSTER_WM, "remembered");
        assertThat(locator.cached(UUID.fromString(id))).isPresent();
        wireMock.stubFor(get(urlEqualTo(COLLECTION + "/" + id))
                .willReturn(json(200, workload(UUID.randomUUID().toString(), FaultyClusters.CLUSTER_WM))));

        // When it is read
        Response answer = given().get(COLLECTION + "/" + id);

        // Then the answer is not passed on as the workload's, the entry is dropped, and the 503 names wm
        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(answer.jsonPath().getString("details")).contains("wm (answered 200 about another workload or cluster)");
        assertThat(locator.cached(UUID.fromString(id))).isEmpty();
    }

    private static void create(String clusterId, String name) {
        given().contentType(ContentType.JSON).body(createBody(clusterId, "7", name)).post(COLLECTION).then().statusCode(202);
    }

    private static String workload(String workloadId, String clusterId) {
        return """
                {"name":"w","workloadId":"%s","projectId":"7","clusterId":"%s",
                 "spec":{"leader":{"image":"%s"}}}""".formatted(workloadId, clusterId, IN_THE_BODY);
    }

    private static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }
}
