package io.infergate.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PolicyPatchTest {

    private static final PolicySet LAYERED = PolicyLoader.load(Fixtures.text("/policy/layered.yaml"));

    @Test
    void shouldAcceptReplicasWithinTheRulesOfTheWorkloadsScope() {
        // Given department 2 allows 1 to 4 replicas

        // When project 4 scales to 4
        var issues = LAYERED.checkReplicas("east", "4", 4);

        // Then nothing is wrong
        assertThat(issues).isEmpty();
    }

    @Test
    void shouldRejectReplicasOutsideTheRulesOfTheWorkloadsScope() {
        // Given department 2 allows 1 to 4 replicas and project 6 at most 1

        // When project 4 scales to 0 and to 5, and project 6 to 2
        var tooFew = LAYERED.checkReplicas("east", "4", 0);
        var tooMany = LAYERED.checkReplicas("east", "4", 5);
        var project6 = LAYERED.checkReplicas("east", "6", 2);

        // Then each names the rule and the policy
        assertThat(tooFew).singleElement().satisfies(issue -> {
            assertThat(issue.field()).isEqualTo("/spec/replicas");
            assertThat(issue.rule()).isEqualTo("min");
            assertThat(issue.policy()).isEqualTo("research");
        });
        assertThat(tooMany).extracting(ComplianceIssue::rule).containsExactly("max");
        assertThat(project6).extracting(ComplianceIssue::policy).containsExactly("project-6");
    }

    @Test
    void shouldRejectAPatchThatChangesANonEditableDefault() {
        // Given replicas default to 2 and may not be changed
        PolicySet fixed = PolicyLoader.load("""
                policies:
                  - name: fixed-size
                    scope: {cluster: east}
                    defaults: {replicas: 2}
                    rules: {replicas: {canEdit: false}}
                """);

        // When a patch asks for 3, and one restates 2
        var changed = fixed.checkPatch("east", "4", Fixtures.object("{\"spec\":{\"replicas\":3}}"));
        var same = fixed.checkPatch("east", "4", Fixtures.object("{\"spec\":{\"replicas\":2}}"));

        // Then only the change is refused, and other clusters are free
        assertThat(changed).extracting(ComplianceIssue::rule).containsExactly("canEdit");
        assertThat(same).isEmpty();
        assertThat(fixed.checkReplicas("west", "4", 3)).isEmpty();
    }
}
