package io.infergate.policy;

import static io.infergate.policy.Fixtures.create;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

class PolicyScopeTest {

    private static final PolicySet LAYERED = PolicyLoader.load(Fixtures.text("/policy/layered.yaml"));
    private static final String IMAGE = "{\"leader\":{\"image\":\"nvcr.io/nim/meta/llama-3.1-70b-instruct:1.3\"}}";

    @Test
    void shouldLetTheProjectDefaultWinOverDepartmentClusterAndGlobal() {
        // Given policies at all four levels setting priorityClass

        // When project 4 (department 2) creates on cluster east
        PolicyOutcome outcome = LAYERED.apply("east", create(IMAGE));

        // Then every level is in force, and the lowest scope's default wins
        assertThat(outcome.policies()).containsExactly("org-baseline", "east-cluster", "research", "project-4");
        assertThat(outcome.body().at("/spec/priorityClass").asText()).isEqualTo("very-high");
        assertThat(outcome.applied()).contains(
                new Applied("/spec/priorityClass", "project-4", Applied.Action.DEFAULT, "default"));
    }

    @Test
    void shouldFallBackLevelByLevelWhereALowerScopeSetsNothing() {
        // Given project 5 has no policy of its own, and cluster west none either
        ObjectNode request = create("{\"leader\":{\"image\":\"any\"}}");
        request.put("projectId", "5");

        // When project 5 creates on east and on west
        PolicyOutcome east = LAYERED.apply("east", request);
        PolicyOutcome west = LAYERED.apply("west", request);

        // Then the department default wins over the cluster's, and the cluster's over the global one
        assertThat(east.body().at("/spec/priorityClass").asText()).isEqualTo("high");
        assertThat(east.body().at("/spec/leader/imagePullPolicy").asText()).isEqualTo("Never");
        assertThat(west.body().at("/spec/leader/imagePullPolicy").asText()).isEqualTo("Always");
        assertThat(west.policies()).containsExactly("org-baseline", "research");
    }

    @Test
    void shouldMergeInheritedInstancesByKeyWithTheLowerScopeReplacingTheWider() {
        // Given HF_HOME from the global policy and from project 4, TEAM from the department

        // When project 4 creates
        PolicyOutcome outcome = LAYERED.apply("east", create(IMAGE));

        // Then both keys are present once, HF_HOME with the project's value
        assertThat(outcome.body().at("/spec/leader/environmentVariables")).hasSize(2);
        assertThat(outcome.body().at("/spec/leader/environmentVariables/0/value").asText())
                .isEqualTo("/project-4/models");
        assertThat(outcome.body().at("/spec/leader/environmentVariables/1/name").asText()).isEqualTo("TEAM");
    }

    @Test
    void shouldApplyOnlyTheRulesOfTheRequestsOwnBranch() {
        // Given replicas rules in department 2 (max 4) and in project 6 of department 3 (max 1)
        ObjectNode inProject6 = create("{\"replicas\":3,\"leader\":{\"image\":\"x\"}}");
        inProject6.put("projectId", "6");

        // When project 6 asks for 3 replicas, and project 4 for 3
        PolicyOutcome six = LAYERED.apply("west", inProject6);
        PolicyOutcome four = LAYERED.apply("west", create("{\"replicas\":3," + IMAGE.substring(1)));

        // Then only project 6's own rule refuses it
        assertThat(six.issues()).singleElement().satisfies(issue -> {
            assertThat(issue.rule()).isEqualTo("max");
            assertThat(issue.policy()).isEqualTo("project-6");
        });
        assertThat(four.compliant()).isTrue();
    }

    @Test
    void shouldShowTheEffectivePolicyWithTheSourceOfEachDefaultAndRule() {
        // Given the layered file

        // When the effective policy of project 4 on east is asked for
        ObjectNode effective = LAYERED.effective("east", "4");

        // Then it reads like a policy file and names where each part comes from
        assertThat(effective.at("/departmentId").asText()).isEqualTo("2");
        assertThat(effective.at("/defaults/priorityClass").asText()).isEqualTo("very-high");
        assertThat(effective.at("/sourceOfDefaults/priorityClass").asText()).isEqualTo("project-4");
        assertThat(effective.at("/sourceOfDefaults/category").asText()).isEqualTo("org-baseline");
        assertThat(effective.at("/rules/leader/compute/gpuDevicesRequest/max").asInt()).isEqualTo(8);
        assertThat(effective.at("/rules/leader/compute/gpuDevicesRequest/sourceOfRule/policy").asText())
                .isEqualTo("east-cluster");
        assertThat(effective.at("/rules/replicas/sourceOfRule/scope").asText()).isEqualTo("department 2");
        assertThat(effective.at("/defaults/leader/environmentVariables/instances")).hasSize(2);
        assertThat(effective.at("/sourceOfDefaults").get("leader.environmentVariables.instances[TEAM]").asText())
                .isEqualTo("research");
    }

    @Test
    void shouldPassRequestsThroughUnchangedWhenNoPolicyApplies() {
        // Given no policies at all
        ObjectNode request = create(IMAGE);

        // When a request is merged
        PolicyOutcome outcome = PolicyLoader.empty().apply("east", request);

        // Then the request itself is sent, unchanged (no copy is made), and nothing applied
        assertThat(outcome.changed()).isFalse();
        assertThat(outcome.body()).isSameAs(request).isEqualTo(create(IMAGE));
        assertThat(outcome.applied()).isEmpty();
        assertThat(outcome.policies()).isEmpty();
    }
}
