package io.infergate.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.infergate.cluster.Cluster;
import io.infergate.cluster.ClusterRegistry;
import io.infergate.cluster.Owner;
import io.infergate.error.GatewayException;
import io.infergate.upstream.Operation;

/**
 * The grant matrix, exhaustively: for every caller, cluster, project and operation the decision equals a hand-written
 * table of what each caller may do, so nothing is allowed or denied by surprise.
 */
class GrantsTest {

    private static final Cluster EAST = new Cluster("east", UUID.randomUUID(), URI.create("http://east.example"));
    private static final Cluster WEST = new Cluster("west", UUID.randomUUID(), URI.create("http://west.example"));
    private static final ClusterRegistry REGISTRY = new ClusterRegistry(List.of(EAST, WEST));
    private static final List<String> PROJECTS = List.of("1", "2", "3");

    private static final Grants GRANTS = new Grants(config(Set.of("platform-admins"), Map.of(
            "ml-serving", grant(Set.of("ml-team"), Set.of("east"), Set.of("1", "2"), Set.of("*")),
            "read-all", grant(Set.of("viewers"), Set.of("*"), Set.of("*"), Set.of("get")),
            "sre-west", grant(Set.of("sre"), Set.of("west"), Set.of("*"), Set.of("get", "DELETE")))), REGISTRY);

    /** What each caller may do, written out by hand as cluster/project/operation. */
    private static final Map<Caller, Set<String>> EXPECTED = Map.of(
            caller("admin", "platform-admins"), every(),
            caller("ml", "ml-team"), Set.of(
                    "east/1/create", "east/1/get", "east/1/patch", "east/1/delete",
                    "east/2/create", "east/2/get", "east/2/patch", "east/2/delete"),
            caller("viewer", "viewers"), Set.of(
                    "east/1/get", "east/2/get", "east/3/get", "west/1/get", "west/2/get", "west/3/get"),
            caller("sre", "sre"), Set.of(
                    "west/1/get", "west/1/delete", "west/2/get", "west/2/delete", "west/3/get", "west/3/delete"),
            caller("ml-viewer", "ml-team", "viewers"), Set.of(
                    "east/1/create", "east/1/get", "east/1/patch", "east/1/delete",
                    "east/2/create", "east/2/get", "east/2/patch", "east/2/delete",
                    "east/3/get", "west/1/get", "west/2/get", "west/3/get"),
            caller("stranger", "marketing"), Set.of(),
            caller("groupless"), Set.of());

    @Test
    void shouldAllowExactlyWhatTheGrantsSay() {
        for (Map.Entry<Caller, Set<String>> expected : EXPECTED.entrySet()) {
            Set<String> allowed = new HashSet<>();
            for (Cluster cluster : List.of(EAST, WEST)) {
                for (String project : PROJECTS) {
                    for (Operation operation : Operation.values()) {
                        if (GRANTS.allows(expected.getKey(), operation, cluster, project)) {
                            allowed.add(cluster.name() + "/" + project + "/" + operation.label());
                        }
                    }
                }
            }
            assertThat(allowed).as(expected.getKey().subject()).isEqualTo(expected.getValue());
        }
    }

    @ParameterizedTest(name = "{0} {2}s a workload of project {1} on {3}: {4}")
    @CsvSource({
            "ml, 1, get, east, ALLOW",
            "ml, 1, delete, east, ALLOW",
            "ml, 3, get, east, HIDE",
            "ml, 1, get, west, HIDE",
            "viewer, 3, get, west, ALLOW",
            "viewer, 3, patch, west, FORBID",
            "viewer, 1, delete, east, FORBID",
            "sre, 2, delete, west, ALLOW",
            "sre, 2, patch, west, FORBID",
            "sre, 2, get, east, HIDE",
            "stranger, 1, get, east, HIDE",
            "admin, 3, delete, west, ALLOW" })
    void shouldHideWhatACallerCannotReachAndForbidWhatItMayOnlySee(String who, String project, String operation,
            String cluster, String verdict) {
        Caller caller = EXPECTED.keySet().stream().filter(c -> c.subject().equals(who)).findFirst().orElseThrow();
        OwnerCheck check = GRANTS.byId(caller, Operation.valueOf(operation.toUpperCase()));
        Owner owner = new Owner("east".equals(cluster) ? EAST : WEST, project);

        if ("FORBID".equals(verdict)) {
            assertThat(check.admit(owner)).isInstanceOfSatisfying(Verdict.Forbid.class,
                    forbid -> assertThat(forbid.error().status()).isEqualTo(403));
        } else {
            assertThat(check.admit(owner)).isEqualTo("ALLOW".equals(verdict) ? Verdict.ALLOW : Verdict.HIDE);
        }
    }

    @ParameterizedTest(name = "{0} may use {1}")
    @CsvSource({
            "admin, east west",
            "ml, east",
            "viewer, east west",
            "sre, west",
            "ml-viewer, east west",
            "stranger, ''",
            "groupless, ''" })
    void shouldLetACallerUseExactlyTheClustersSomeGrantOfItReaches(String who, String clusters) {
        // Given a caller of the matrix
        Caller caller = EXPECTED.keySet().stream().filter(c -> c.subject().equals(who)).findFirst().orElseThrow();

        // When its usable clusters are asked
        List<String> usable = GRANTS.usable(caller).clusters().stream().map(Cluster::name).toList();

        // Then they are the clusters of its grants, whatever the project or operation, and only those
        assertThat(usable).isEqualTo(clusters.isEmpty() ? List.of() : List.of(clusters.split(" ")));
        assertThat(usable).isEqualTo(EXPECTED.get(caller).stream().map(entry -> entry.split("/")[0]).distinct().sorted()
                .toList());
    }

    @Test
    void shouldShowTheEffectivePolicyOfAScopeOnlyToACallerWithSomeGrantThere() {
        // reader of every project: any operation reaches the scope
        GRANTS.checkReach(caller("viewer", "viewers"), WEST, "3");
        GRANTS.checkReach(caller("ml", "ml-team"), EAST, "2");

        assertThatThrownBy(() -> GRANTS.checkReach(caller("ml", "ml-team"), EAST, "3"))
                .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.status()).isEqualTo(403));
        assertThatThrownBy(() -> GRANTS.checkReach(caller("groupless"), EAST, "1"))
                .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.status()).isEqualTo(403));
    }

    @Test
    void shouldLetOnlyGrantsForEveryProjectReachAWorkloadOfUnknownProject() {
        assertThat(GRANTS.allows(caller("viewer", "viewers"), Operation.GET, EAST, null)).isTrue();
        assertThat(GRANTS.allows(caller("ml", "ml-team"), Operation.GET, EAST, null)).isFalse();
    }

    @Test
    void shouldAllowNobodyButAdminsWithoutGrants() {
        Grants none = new Grants(config(Set.of("platform-admins"), Map.of()), REGISTRY);

        assertThat(none.allows(caller("ml", "ml-team"), Operation.GET, EAST, "1")).isFalse();
        assertThat(none.allows(caller("admin", "platform-admins"), Operation.CREATE, WEST, "2")).isTrue();
    }

    @Test
    void shouldRefuseToStartWithAGrantForAnUnknownCluster() {
        assertThatThrownBy(() -> new Grants(config(Set.of(), Map.of(
                "typo", grant(Set.of("ml-team"), Set.of("eats"), Set.of("1"), Set.of("get")))), REGISTRY))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("infergate.access.grants.typo.clusters")
                .hasMessageContaining("eats");
    }

    @Test
    void shouldRefuseToStartWithAnUnknownOperation() {
        assertThatThrownBy(() -> new Grants(config(Set.of(), Map.of(
                "typo", grant(Set.of("ml-team"), Set.of("east"), Set.of("1"), Set.of("update")))), REGISTRY))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'update'");
    }

    private static Set<String> every() {
        Set<String> all = new HashSet<>();
        for (String cluster : List.of("east", "west")) {
            for (String project : PROJECTS) {
                for (Operation operation : Operation.values()) {
                    all.add(cluster + "/" + project + "/" + operation.label());
                }
            }
        }
        return all;
    }

    private static Caller caller(String subject, String... groups) {
        return new Caller(subject, Set.of(groups));
    }

    private static AccessConfig config(Set<String> admins, Map<String, AccessConfig.Grant> grants) {
        return new AccessConfig() {
            @Override
            public String groupsClaim() {
                return "groups";
            }

            @Override
            public Optional<Set<String>> adminGroups() {
                return Optional.of(admins);
            }

            @Override
            public Map<String, Grant> grants() {
                return grants;
            }
        };
    }

    private static AccessConfig.Grant grant(Set<String> groups, Set<String> clusters, Set<String> projects,
            Set<String> operations) {
        return new AccessConfig.Grant() {
            @Override
            public Set<String> groups() {
                return groups;
            }

            @Override
            public Set<String> clusters() {
                return clusters;
            }

            @Override
            public Set<String> projects() {
                return projects;
            }

            @Override
            public Set<String> operations() {
                return operations;
            }
        };
    }
}
