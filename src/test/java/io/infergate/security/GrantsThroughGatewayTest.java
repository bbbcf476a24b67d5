package io.infergate.security;

import static io.infergate.testing.RunningSimulator.CLUSTER_A;
import static io.infergate.testing.RunningSimulator.CLUSTER_B;
import static io.infergate.testing.VendorApi.COLLECTION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.infergate.observability.Meters;
import io.infergate.testing.GatewayHttp;
import io.infergate.testing.RunningSimulator;
import io.infergate.testing.Simulators;
import io.infergate.testing.TestTokens;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/**
 * Grants applied to real requests: creates are decided on the body before anything is sent; a workload a caller has no
 * grant for answers exactly as a workload that does not exist; a caller who may read but not change a workload gets 403,
 * and the change never reaches the control plane.
 */
@QuarkusTest
@TestProfile(GrantsThroughGatewayTest.TeamGrants.class)
@WithTestResource(RunningSimulator.class)
class GrantsThroughGatewayTest {

    private static final String ML = bearer("ml-engineer", "ml-team");
    private static final String VIEWER = bearer("analyst", "viewers");
    private static final String OUTSIDER = bearer("marketing-bot", "marketing");
    private static final String NOBODY = bearer("stray", "no-such-group");
    /** {@link RunningSimulator#CLUSTER_A} without its leading zero, which {@link UUID#fromString} still reads as it. */
    private static final String CLUSTER_A_LENIENT = CLUSTER_A.substring(1);

    @Inject
    MeterRegistry meters;

    /** ml-team may do everything in project 10 on cluster a; viewers may read project 10 anywhere. */
    public static class TeamGrants implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> grants = new HashMap<>();
            grant(grants, "ml", "ml-team", "a", "10", "*");
            grant(grants, "read", "viewers", "*", "10", "get");
            grant(grants, "marketing", "marketing", "*", "99", "*");
            return grants;
        }

        private static void grant(Map<String, String> config, String name, String groups, String clusters,
                String projects, String operations) {
            String prefix = "infergate.access.grants." + name + ".";
            config.put(prefix + "groups", groups);
            config.put(prefix + "clusters", clusters);
            config.put(prefix + "projects", projects);
            config.put(prefix + "operations", operations);
        }
    }

    @BeforeEach
    void resetSimulators() {
        Simulators.reset("sim-a", "sim-b");
    }

    @Test
    void shouldCreateOnlyWhereTheCallerIsGranted() {
        assertThat(create(ML, CLUSTER_A, "10", "granted").statusCode()).isEqualTo(202);
        assertThat(create(ML, CLUSTER_A, "11", "other-project").statusCode()).isEqualTo(403);
        // a cluster none of its grants reaches is, to this caller, no cluster at all
        assertThat(create(ML, CLUSTER_B, "10", "other-cluster").statusCode()).isEqualTo(400);
        assertThat(create(VIEWER, CLUSTER_A, "10", "read-only").statusCode()).isEqualTo(403);

        assertThat(Simulators.stats("sim-a")).containsEntry("create", 1);
        assertThat(Simulators.stats("sim-b")).containsEntry("create", 0);
    }

    @Test
    void shouldAnswerAnUngrantedWorkloadExactlyAsAMissingOne() {
        String remembered = create(ML, CLUSTER_A, "10", "remembered").body().replaceAll(".*\"workloadId\":\"([^\"]+)\".*",
                "$1");
        String unseen = Simulators.createDirectly("sim-a", Simulators.createBody(CLUSTER_A, "10", "unseen"));

        for (String id : new String[] { remembered, unseen }) {
            for (String method : new String[] { "GET", "PATCH", "DELETE" }) {
                String body = "PATCH".equals(method) ? "{\"spec\":{\"replicas\":2}}" : null;
                HttpResponse<String> hidden = GatewayHttp.send(method, COLLECTION + "/" + id, OUTSIDER, body);
                String random = UUID.randomUUID().toString();
                HttpResponse<String> missing = GatewayHttp.send(method, COLLECTION + "/" + random, OUTSIDER, body);

                assertThat(hidden.statusCode()).as(method).isEqualTo(404);
                assertThat(hidden.body().replace(id, "ID")).as(method).isEqualTo(missing.body().replace(random, "ID"));
            }
        }
        assertThat(Simulators.stats("sim-a")).containsEntry("patch", 0).containsEntry("delete", 0);
    }

    @Test
    void shouldLetAReaderReadButNotChange() {
        String id = Simulators.createDirectly("sim-b", Simulators.createBody(CLUSTER_B, "10", "readable"));

        assertThat(GatewayHttp.send("GET", COLLECTION + "/" + id, VIEWER, null).statusCode()).isEqualTo(200);
        HttpResponse<String> patch = GatewayHttp.send("PATCH", COLLECTION + "/" + id, VIEWER,
                "{\"spec\":{\"replicas\":2}}");
        HttpResponse<String> delete = GatewayHttp.send("DELETE", COLLECTION + "/" + id, VIEWER, null);

        assertThat(patch.statusCode()).isEqualTo(403);
        assertThat(patch.body()).contains("\"code\":403");
        assertThat(delete.statusCode()).isEqualTo(403);
        assertThat(Simulators.stats("sim-b")).containsEntry("patch", 0).containsEntry("delete", 0);
    }

    @Test
    void shouldLetTheOwningTeamChangeItsWorkload() {
        String id = Simulators.createDirectly("sim-a", Simulators.createBody(CLUSTER_A, "10", "changeable"));

        assertThat(GatewayHttp.send("PATCH", COLLECTION + "/" + id, ML, "{\"spec\":{\"replicas\":2}}").statusCode())
                .isEqualTo(202);
        assertThat(GatewayHttp.send("DELETE", COLLECTION + "/" + id, ML, null).statusCode()).isEqualTo(202);
        assertThat(Simulators.stats("sim-a")).containsEntry("patch", 1).containsEntry("delete", 1);
    }

    @Test
    void shouldCountAGroupsClaimGivenAsOneStringAsThatGroup() {
        // Given a token whose groups claim is one string, not an array
        String oneGroup = "Bearer " + TestTokens.builder().subject("ml-solo").claim("groups", "ml-team").sign();

        // When it creates where ml-team is granted, and where it is not
        int granted = create(oneGroup, CLUSTER_A, "10", "one-group").statusCode();
        int elsewhere = create(oneGroup, CLUSTER_A, "11", "one-group-elsewhere").statusCode();

        // Then the string counts as the group ml-team, and only as that
        assertThat(granted).isEqualTo(202);
        assertThat(elsewhere).isEqualTo(403);
    }

    @Test
    void shouldListOnlyTheClustersTheCallerMayUse() {
        // When callers with different grants ask for the clusters
        // Then each sees the clusters some grant of it reaches, an admin all, a caller without a grant none
        assertThat(clusterNames(ML)).containsExactly("a");
        assertThat(clusterNames(VIEWER)).containsExactly("a", "b");
        assertThat(clusterNames(TestTokens.adminHeader())).containsExactly("a", "b");
        assertThat(clusterNames(NOBODY)).isEmpty();
    }

    @Test
    void shouldShowTheEffectivePolicyOnlyToACallerWithAGrantOnThatProjectAndCluster() {
        // Given ml-team, granted project 10 on cluster a only
        // When it asks for the effective policy of its own scope, another project, and another cluster
        HttpResponse<String> own = effective(ML, CLUSTER_A, "10");
        HttpResponse<String> otherProject = effective(ML, CLUSTER_A, "11");
        HttpResponse<String> otherCluster = effective(ML, CLUSTER_B, "10");
        String random = UUID.randomUUID().toString();
        HttpResponse<String> noCluster = effective(ML, random, "10");

        // Then only its own scope is shown, and a cluster it may not use is answered as one that does not exist
        assertThat(own.statusCode()).isEqualTo(200);
        assertThat(otherProject.statusCode()).isEqualTo(403);
        assertThat(otherProject.body()).contains("\"code\":403").doesNotContain("\"policies\"");
        assertThat(otherCluster.statusCode()).isEqualTo(400);
        assertThat(otherCluster.body()).contains("Unknown clusterId").contains("a (" + CLUSTER_A + ")")
                .doesNotContain("b (");
        assertThat(otherCluster.body().replace(CLUSTER_B, "ID")).isEqualTo(noCluster.body().replace(random, "ID"));

        // And a caller with no grant at all is refused whatever the cluster, and learns of no cluster nor of any
        // scope's defaults
        HttpResponse<String> stray = effective(NOBODY, CLUSTER_A, "10");
        assertThat(stray.statusCode()).isEqualTo(403);
        assertThat(effective(NOBODY, random, "10").body()).isEqualTo(stray.body());
        assertThat(stray.body()).contains("use any cluster").doesNotContain(CLUSTER_B).doesNotContain("a (");
    }

    @Test
    void shouldReadTheEffectivePolicysClusterIdStrictly() {
        // When the clusterId is cluster a's id without its leading zero, which UUID.fromString reads as cluster a
        HttpResponse<String> lenient = effective(ML, CLUSTER_A_LENIENT, "10");

        // Then it is no clusterId at all
        assertThat(lenient.statusCode()).isEqualTo(400);
        assertThat(lenient.body()).contains("clusterId must be the UUID of a cluster");
    }

    @Test
    void shouldRefuseAClusterIdThatOnlyUuidFromStringReadsAsTheCreateRefusesIt() {
        // When ml-team asks for the effective policy of, and creates on, 1-2-3-4-5 (which UUID.fromString accepts)
        HttpResponse<String> effective = effective(ML, "1-2-3-4-5", "10");
        HttpResponse<String> created = create(ML, "1-2-3-4-5", "10", "five-parts");

        // Then both are a 400 in the vendor Error shape about the clusterId, naming only the clusters it may use, and
        // nothing reaches a cluster
        for (HttpResponse<String> refused : List.of(effective, created)) {
            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(refused.body()).contains("\"code\":400").contains("clusterId")
                    .contains("Clusters you may use: a (" + CLUSTER_A + ").").doesNotContain("b (");
        }
        assertThat(effective.body()).contains("clusterId must be the UUID of a cluster");
        assertThat(Simulators.stats("sim-a")).containsEntry("create", 0);
    }

    @Test
    void shouldNameOnlyTheClustersTheCallerMayUseForAnUnknownClusterId() {
        // When ml-team creates on a cluster id that does not exist, and on cluster b, which none of its grants reaches
        String random = UUID.randomUUID().toString();
        HttpResponse<String> unknown = create(ML, random, "10", "nowhere");
        HttpResponse<String> ungranted = create(ML, CLUSTER_B, "10", "elsewhere");

        // Then both answers are the same, and name cluster a only
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("Unknown clusterId").contains("a (" + CLUSTER_A + ")").doesNotContain("b (")
                .doesNotContain(CLUSTER_B);
        assertThat(ungranted.body().replace(CLUSTER_B, "ID")).isEqualTo(unknown.body().replace(random, "ID"));
        assertThat(Simulators.stats("sim-b")).containsEntry("create", 0);
    }

    @Test
    void shouldPreviewExactlyAsTheCreateWouldBeDecided() {
        // Given creates that pass, break a grant, name a cluster the caller may not use or none at all
        String random = UUID.randomUUID().toString();
        Object[][] cases = { { ML, CLUSTER_A, "10", 202 }, { ML, CLUSTER_A, "11", 403 }, { ML, CLUSTER_B, "10", 400 },
                { VIEWER, CLUSTER_A, "10", 403 }, { NOBODY, CLUSTER_A, "10", 403 }, { ML, random, "10", 400 } };

        for (Object[] given : cases) {
            String body = Simulators.createBody((String) given[1], (String) given[2], "previewed");
            // When the body is previewed and then created
            HttpResponse<String> preview = GatewayHttp.send("POST", "/infergate/v1/distributed-inferences/preview",
                    (String) given[0], body);
            HttpResponse<String> created = GatewayHttp.send("POST", COLLECTION, (String) given[0], body);

            // Then the preview is refused exactly as the create is, and passes where the create does
            String description = given[1] + "/" + given[2];
            assertThat(created.statusCode()).as(description).isEqualTo(given[3]);
            if (created.statusCode() == 202) {
                assertThat(preview.statusCode()).as(description).isEqualTo(200);
            } else {
                assertThat(preview.statusCode()).as(description).isEqualTo(created.statusCode());
                assertThat(preview.body()).as(description).isEqualTo(created.body());
            }
        }
    }

    @Test
    void shouldNameTheUsableClustersWhenClusterIdIsAClusterNameOrMissing() {
        // When ml-team gives a cluster's name as clusterId, and leaves clusterId out
        String named = Simulators.createBody("a", "10", "by-name");
        String missing = named.replace("\"clusterId\":\"a\",", "");
        JsonPath byName = JsonPath.from(GatewayHttp.send("POST", COLLECTION, ML, named).body());
        JsonPath without = JsonPath.from(GatewayHttp.send("POST", COLLECTION, ML, missing).body());
        JsonPath previewed = JsonPath.from(
                GatewayHttp.send("POST", "/infergate/v1/distributed-inferences/preview", ML, named).body());
        JsonPath stray = JsonPath.from(GatewayHttp.send("POST", COLLECTION, NOBODY, named).body());

        // Then the clusterId violation names the clusters this caller may use, by name and id, and no other
        for (JsonPath answer : List.of(byName, without, previewed)) {
            assertThat(answer.getInt("code")).isEqualTo(400);
            assertThat(answer.getString("violations.find { it.pointer == '/clusterId' }.message"))
                    .contains("Clusters you may use: a (" + CLUSTER_A + ")").doesNotContain(CLUSTER_B);
            assertThat(answer.getString("details")).contains("a (" + CLUSTER_A + ")");
        }
        assertThat(without.getString("violations.find { it.pointer == '/clusterId' }.rule")).isEqualTo("schema.required");
        assertThat(stray.getString("violations.find { it.pointer == '/clusterId' }.message"))
                .contains("use any cluster").doesNotContain(CLUSTER_A);
    }

    @Test
    void shouldAskOnlyTheClustersTheCallerMayUseWhenLocating() {
        // Given ml-team, whose grants reach cluster a only, and a caller whose grants reach no cluster
        String random = UUID.randomUUID().toString();
        String another = UUID.randomUUID().toString();

        // When each reads a workload nobody has
        HttpResponse<String> ml = GatewayHttp.send("GET", COLLECTION + "/" + random, ML, null);
        HttpResponse<String> stray = GatewayHttp.send("GET", COLLECTION + "/" + another, NOBODY, null);
        HttpResponse<String> strayDelete = GatewayHttp.send("DELETE", COLLECTION + "/" + another, NOBODY, null);

        // Then ml-team's token went to cluster a only, the stray caller's nowhere, and both got the same 404
        assertThat(ml.statusCode()).isEqualTo(404);
        assertThat(stray.statusCode()).isEqualTo(404);
        assertThat(stray.body().replace(another, "ID")).isEqualTo(ml.body().replace(random, "ID"));
        assertThat(strayDelete.body()).isEqualTo(stray.body());
        assertThat(Simulators.stats("sim-a")).containsEntry("get", 1);
        assertThat(Simulators.stats("sim-b")).containsEntry("get", 0).containsEntry("delete", 0);
    }

    @Test
    void shouldCountAHiddenWorkloadAsNotFoundExactlyAsARandomId() {
        // Given a workload the gateway remembers and one it has never seen, both of project 10, hidden from marketing
        String remembered = JsonPath.from(create(ML, CLUSTER_A, "10", "counted").body()).getString("workloadId");
        String unseen = Simulators.createDirectly("sim-a", Simulators.createBody(CLUSTER_A, "10", "counted-unseen"));

        for (String id : List.of(UUID.randomUUID().toString(), remembered, unseen)) {
            String which = id.equals(remembered) ? "remembered" : id.equals(unseen) ? "unseen" : "random";
            // When marketing reads it
            Map<String, Double> results = locatorResults();
            Map<String, Double> requests = getRequests();
            assertThat(GatewayHttp.send("GET", COLLECTION + "/" + id, OUTSIDER, null).statusCode()).isEqualTo(404);

            // Then the locator counts it as not found, as a workload nowhere, and the request is tagged with no
            // cluster: the meters tell no more than the 404
            assertThat(moved(results, locatorResults())).as(which).containsExactly(Map.entry("not_found", 1.0));
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(moved(requests, getRequests())).as(which)
                    .containsExactly(Map.entry("none/not_found", 1.0)));
        }
    }

    private Map<String, Double> locatorResults() {
        Map<String, Double> counts = new TreeMap<>();
        meters.find(Meters.LOCATOR_RESULTS).counters().forEach(counter -> counts.put(counter.getId().getTag(Meters.RESULT),
                counter.count()));
        return counts;
    }

    /**
     * @return the gets timed so far, by cluster and outcome
     */
    private Map<String, Double> getRequests() {
        Map<String, Double> counts = new TreeMap<>();
        meters.find(Meters.REQUESTS).tag(Meters.OPERATION, "get").timers().forEach(timer -> counts.merge(
                timer.getId().getTag(Meters.CLUSTER) + "/" + timer.getId().getTag(Meters.OUTCOME),
                (double) timer.count(), Double::sum));
        return counts;
    }

    private static Map<String, Double> moved(Map<String, Double> before, Map<String, Double> after) {
        Map<String, Double> moved = new TreeMap<>();
        after.forEach((key, count) -> {
            double delta = count - before.getOrDefault(key, 0.0);
            if (delta != 0) {
                moved.put(key, delta);
            }
        });
        return moved;
    }

    private static List<String> clusterNames(String authorization) {
        HttpResponse<String> clusters = GatewayHttp.send("GET", "/infergate/v1/clusters", authorization, null);
        assertThat(clusters.statusCode()).isEqualTo(200);
        return JsonPath.from(clusters.body()).getList("name");
    }

    private static HttpResponse<String> effective(String authorization, String clusterId, String projectId) {
        return GatewayHttp.send("GET", "/infergate/v1/policies/effective?clusterId=" + clusterId + "&projectId="
                + projectId, authorization, null);
    }

    private static HttpResponse<String> create(String authorization, String clusterId, String projectId, String name) {
        return GatewayHttp.send("POST", COLLECTION, authorization, Simulators.createBody(clusterId, projectId, name));
    }

    private static String bearer(String subject, String group) {
        return "Bearer " + TestTokens.builder().subject(subject).groups(group).sign();
    }
}
