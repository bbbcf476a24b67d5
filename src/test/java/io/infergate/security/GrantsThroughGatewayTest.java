package io.infergate.security;

import static io.infergate.testing.RunningSimulator.CLUSTER_A;
import static io.infergate.testing.RunningSimulator.CLUSTER_B;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.infergate.testing.GatewayHttp;
import io.infergate.testing.RunningSimulator;
import io.infergate.testing.Simulators;
import io.infergate.testing.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Grants applied to real requests: creates are decided on the body before anything is sent; a workload a caller has no
 * grant for answers exactly as a workload that does not exist; a caller who may read but not change a workload gets 403,
 * and the change never reaches the control plane.
 */
@QuarkusTest
@TestProfile(GrantsThroughGatewayTest.TeamGrants.class)
@WithTestResource(RunningSimulator.class)
class GrantsThroughGatewayTest {

    private static final String COLLECTION = "/api/v1/workloads/distributed-inferences";
    private static final String ML = bearer("ml-engineer", "ml-team");
    private static final String VIEWER = bearer("analyst", "viewers");
    private static final String OUTSIDER = bearer("marketing-bot", "marketing");

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
        assertThat(create(ML, CLUSTER_B, "10", "other-cluster").statusCode()).isEqualTo(403);
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
        int elsewhere = create(oneGroup, CLUSTER_B, "10", "one-group-elsewhere").statusCode();

        // Then the string counts as the group ml-team, and only as that
        assertThat(granted).isEqualTo(202);
        assertThat(elsewhere).isEqualTo(403);
    }

    private static HttpResponse<String> create(String authorization, String clusterId, String projectId, String name) {
        return GatewayHttp.send("POST", COLLECTION, authorization, Simulators.createBody(clusterId, projectId, name));
    }

    private static String bearer(String subject, String group) {
        return "Bearer " + TestTokens.builder().subject(subject).groups(group).sign();
    }
}
