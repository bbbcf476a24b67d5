package io.infergate.policy;

import static io.infergate.testing.Authenticated.given;
import static io.infergate.testing.RunningSimulator.CLUSTER_A;
import static io.infergate.testing.VendorApi.COLLECTION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.infergate.testing.Management;
import io.infergate.testing.Simulators;
import io.infergate.testing.SimulatorsWithPolicies;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * The organisation's policies on real requests: defaults reach the control plane and are stored with the workload,
 * every rule a request breaks is listed at once and nothing is sent, patches meet the rules of the workload's scope, a
 * preview shows the result without calling a cluster, and a changed policy file is taken within seconds unless it is
 * invalid.
 */
@QuarkusTest
@WithTestResource(SimulatorsWithPolicies.class)
class PolicyThroughGatewayTest {

    private static final String IMAGE = "nvcr.io/nim/meta/llama-3.1-70b-instruct:1.3";

    @Inject
    Policies policies;

    private Path file;
    private String original;

    @BeforeEach
    void remember() throws IOException {
        Simulators.reset("sim-a", "sim-b");
        file = Path.of(ConfigProvider.getConfig().getValue("infergate.policy.file", String.class));
        original = Files.readString(file);
    }

    @AfterEach
    void restore() throws IOException {
        if (!Files.readString(file).equals(original)) {
            Files.writeString(file, original);
            await().atMost(Duration.ofSeconds(5)).until(() -> previewOf(body("4", "restored", "")).getString(
                    "body.spec.priorityClass").equals("very-high"));
        }
    }

    @Test
    void shouldStoreThePolicyDefaultsWithTheWorkload() {
        // Given a create that leaves priority, pull policy and environment to the organisation
        String id = given().contentType(ContentType.JSON)
                .body(body("4", "defaulted", ""))
                .post(COLLECTION)
                .then()
                .statusCode(202)
                .header("X-InferGate-Policies", "org-baseline, research")
                .extract()
                .path("workloadId");

        // Then the control plane stored what the policies filled in
        JsonPath stored = Simulators.at("sim-a").get(COLLECTION + "/" + id).then().statusCode(200).extract().jsonPath();
        assertThat(stored.getString("spec.priorityClass")).isEqualTo("very-high");
        assertThat(stored.getString("spec.leader.imagePullPolicy")).isEqualTo("IfNotPresent");
        assertThat(stored.getList("spec.leader.environmentVariables.name")).containsExactlyInAnyOrder("HF_HOME", "TEAM");
    }

    @Test
    void shouldKeepWhatTheRequestSetsItself() {
        String id = given().contentType(ContentType.JSON)
                .body(body("4", "own-priority", ",\"priorityClass\":\"low\""))
                .post(COLLECTION)
                .then()
                .statusCode(202)
                .extract()
                .path("workloadId");

        assertThat(Simulators.at("sim-a").get(COLLECTION + "/" + id).then().extract().jsonPath()
                .getString("spec.priorityClass")).isEqualTo("low");
    }

    @Test
    void shouldListEveryIssueAtOnceAndSendNothing() {
        // Given a create in project 5 breaking three rules of two policies
        String breaking = """
                {"name":"too-big","projectId":"5","clusterId":"%s",
                 "spec":{"workers":9,"leader":{"image":"docker.io/someone/llama:latest","compute":{"gpuDevicesRequest":16}},
                         "worker":{"image":"docker.io/someone/llama:latest"}}}"""
                .formatted(CLUSTER_A);

        given().contentType(ContentType.JSON)
                .body(breaking)
                .post(COLLECTION)
                .then()
                .log()
                .ifValidationFails()
                .statusCode(400)
                .body("code", equalTo(400))
                .body("complianceIssues", hasSize(3))
                .body("complianceIssues.field", containsInAnyOrder("/spec/workers",
                        "/spec/leader/compute/gpuDevicesRequest", "/spec/leader/image"))
                .body("complianceIssues.policy", hasItem("project-5-images"))
                .body("complianceIssues.rule", hasItem("options"));
        assertThat(Simulators.stats("sim-a")).containsEntry("create", 0);
    }

    @Test
    void shouldCheckAPatchAgainstTheRulesOfTheWorkloadsScope() {
        String id = given().contentType(ContentType.JSON)
                .body(body("4", "scaled", ""))
                .post(COLLECTION)
                .then()
                .statusCode(202)
                .extract()
                .path("workloadId");

        given().contentType(ContentType.JSON)
                .body("{\"spec\":{\"replicas\":5}}")
                .patch(COLLECTION + "/" + id)
                .then()
                .statusCode(400)
                .body("complianceIssues[0].field", equalTo("/spec/replicas"))
                .body("complianceIssues[0].rule", equalTo("max"))
                .body("complianceIssues[0].policy", equalTo("org-baseline"));
        assertThat(Simulators.stats("sim-a")).containsEntry("patch", 0);
        given().contentType(ContentType.JSON)
                .body("{\"spec\":{\"replicas\":4}}")
                .patch(COLLECTION + "/" + id)
                .then()
                .statusCode(202);
    }

    @Test
    void shouldPreviewTheMergedBodyWithoutCallingACluster() {
        JsonPath preview = previewOf(body("4", "previewed", ""));

        assertThat(preview.getBoolean("compliant")).isTrue();
        assertThat(preview.getList("policies")).containsExactly("org-baseline", "research");
        assertThat(preview.getString("body.spec.priorityClass")).isEqualTo("very-high");
        List<Map<String, String>> applied = preview.getList("applied");
        assertThat(applied).anySatisfy(entry -> assertThat(entry).containsEntry("pointer", "/spec/priorityClass")
                .containsEntry("policy", "org-baseline")
                .containsEntry("action", "DEFAULT"));
        assertThat(applied).anySatisfy(entry -> assertThat(entry).containsEntry("policy", "research"));
        assertThat(applied).anySatisfy(entry -> assertThat(entry).containsEntry("action", "RULE")
                .containsEntry("rule", "max"));
        assertThat(Simulators.stats("sim-a")).containsEntry("create", 0).containsEntry("get", 0);
    }

    @Test
    void shouldShowTheEffectivePolicyOfAScope() {
        String effective = given().queryParam("clusterId", CLUSTER_A)
                .queryParam("projectId", "4")
                .get("/infergate/v1/policies/effective")
                .then()
                .statusCode(200)
                .extract()
                .asString();

        assertThat(effective).contains("org-baseline").contains("research").contains("very-high")
                .doesNotContain("project-5-images");
    }

    @Test
    void shouldTakeAValidChangeAndKeepOutAnInvalidOne() throws IOException {
        // When the file is changed validly, Then the new default is in force within seconds
        Files.writeString(file, original.replace("priorityClass: very-high", "priorityClass: medium"),
                StandardCharsets.UTF_8);
        await().atMost(Duration.ofSeconds(5)).until(() -> previewOf(body("4", "reloaded", ""))
                .getString("body.spec.priorityClass").equals("medium"));

        // When it is changed to something invalid, Then the last good policies stay and the refusal is counted
        long failedBefore = policies.failedReloads();
        Files.writeString(file, original.replace("priorityClass: very-high", "priorityClas: high"),
                StandardCharsets.UTF_8);
        await().atMost(Duration.ofSeconds(5)).until(() -> policies.failedReloads() > failedBefore);
        assertThat(policies.lastReloadFailed()).isTrue();
        String metrics = Management.metrics();
        assertThat(metrics).contains("infergate_policy_reload_failing 1.0")
                .containsPattern("infergate_policy_reload_failures_total [1-9]");
        assertThat(previewOf(body("4", "kept", "")).getString("body.spec.priorityClass")).isEqualTo("medium");
        // and the replica stays ready: it serves with the last good policies
        Management.given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'infergate' }.data.policyReloadFailing", org.hamcrest.Matchers.is(true));
    }

    private static JsonPath previewOf(String body) {
        return given().contentType(ContentType.JSON)
                .body(body)
                .post("/infergate/v1/distributed-inferences/preview")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    private static String body(String projectId, String name, String specExtra) {
        return """
                {"name":"%s","projectId":"%s","clusterId":"%s",
                 "spec":{"replicas":1%s,"leader":{"image":"%s"}}}""".formatted(name, projectId, CLUSTER_A, specExtra, IMAGE);
    }
}
