package io.infergate.policy;

import static io.infergate.policy.Fixtures.CLUSTER;
import static io.infergate.policy.Fixtures.create;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

class ItemizedMergeTest {

    private static final PolicySet EXAMPLE = PolicyLoader.load(Fixtures.text("/policy/itemized-example.yaml"));
    private static final String RESOURCES = "/spec/leader/compute/extendedResources";

    @Test
    void shouldMergeTheRunaiWorkedExample() {
        // Given default/cpu (locked) and default/memory instances, and an attribute default quantity 3
        // When the request excludes default/memory, adds added/cpu without quantity and added/memory with 5M
        PolicyOutcome outcome = EXAMPLE.apply(CLUSTER, create("""
                {"leader": {"image": "ubuntu", "compute": {"extendedResources": [
                  {"resource": "default/memory", "exclude": true},
                  {"resource": "added/cpu"},
                  {"resource": "added/memory", "quantity": "5M"}]}}}
                """));

        // Then the workload has default/cpu 5 (policy instance), added/cpu 3 (attribute default), added/memory 5M
        // (request), and not default/memory
        assertThat(outcome.compliant()).isTrue();
        assertThat(effective(outcome.body().at(RESOURCES))).containsExactly(
                "added/cpu=3", "added/memory=5M", "default/cpu=5");
        assertThat(outcome.applied()).contains(
                new Applied(RESOURCES + "/1/quantity", "extended-resources", Applied.Action.DEFAULT, "default"),
                new Applied(RESOURCES + "/3", "extended-resources", Applied.Action.DEFAULT, "instance"));
    }

    @Test
    void shouldRefuseToExcludeALockedItem() {
        // Given default/cpu is locked
        // When the request excludes it
        PolicyOutcome outcome = EXAMPLE.apply(CLUSTER, create("""
                {"leader": {"compute": {"extendedResources": [{"resource": "default/cpu", "exclude": true}]}}}
                """));

        // Then the exclusion is refused, pointing at the flag
        assertThat(outcome.issues()).singleElement().satisfies(issue -> {
            assertThat(issue.field()).isEqualTo(RESOURCES + "/0/exclude");
            assertThat(issue.rule()).isEqualTo("locked");
            assertThat(issue.details()).contains("default/cpu").contains("cannot be excluded");
        });
    }

    @Test
    void shouldRefuseToChangeALockedItemButAcceptRestatingIt() {
        // Given default/cpu is locked at quantity 5
        // When one request changes its quantity and another restates it
        PolicyOutcome changed = EXAMPLE.apply(CLUSTER, create("""
                {"leader": {"compute": {"extendedResources": [{"resource": "default/cpu", "quantity": "6"}]}}}
                """));
        PolicyOutcome restated = EXAMPLE.apply(CLUSTER, create("""
                {"leader": {"compute": {"extendedResources": [{"resource": "default/cpu", "quantity": "5",
                  "exclude": false}]}}}
                """));

        // Then only the change is refused
        assertThat(changed.issues()).extracting(ComplianceIssue::rule).containsExactly("locked");
        assertThat(restated.compliant()).isTrue();
    }

    @Test
    void shouldRefuseAddedItemsWhenCanAddIsFalse() {
        // Given labels may only be those the policy provides
        PolicySet onlyDefaults = PolicyLoader.load("""
                policies:
                  - name: labels-fixed
                    scope: global
                    defaults: {leader: {labels: {instances: [{name: team, value: inference}]}}}
                    rules: {leader: {labels: {instances: {canAdd: false}}}}
                """);

        // When one request adds a label and another only overrides the provided one
        PolicyOutcome added = onlyDefaults.apply(CLUSTER, create("""
                {"leader": {"labels": [{"name": "owner", "value": "me"}]}}
                """));
        PolicyOutcome overridden = onlyDefaults.apply(CLUSTER, create("""
                {"leader": {"labels": [{"name": "team", "value": "research"}]}}
                """));

        // Then the addition is refused with the allowed keys, and the override is kept
        assertThat(added.issues()).singleElement().satisfies(issue -> {
            assertThat(issue.field()).isEqualTo("/spec/leader/labels/0");
            assertThat(issue.rule()).isEqualTo("canAdd");
            assertThat(issue.details()).contains("team").contains("owner");
        });
        assertThat(overridden.compliant()).isTrue();
        assertThat(overridden.body().at("/spec/leader/labels")).hasSize(1);
        assertThat(overridden.body().at("/spec/leader/labels/0/value").asText()).isEqualTo("research");
    }

    @Test
    void shouldDropAnInheritedItemExcludedByTheRequestAndPassTheMarkerOn() {
        // Given an inherited, unlocked environment variable
        PolicySet inherited = PolicyLoader.load("""
                policies:
                  - name: env
                    scope: global
                    defaults: {leader: {environmentVariables: {instances: [{name: HF_HOME, value: /models}]}}}
                """);

        // When the request excludes it
        PolicyOutcome outcome = inherited.apply(CLUSTER, create("""
                {"leader": {"environmentVariables": [{"name": "HF_HOME", "exclude": true}]}}
                """));

        // Then the item is not added, and only the request's marker remains
        assertThat(outcome.compliant()).isTrue();
        assertThat(outcome.body().at("/spec/leader/environmentVariables")).hasSize(1);
        assertThat(outcome.body().at("/spec/leader/environmentVariables/0/exclude").asBoolean()).isTrue();
    }

    @Test
    void shouldCheckAttributeRulesOnEveryItem() {
        // Given toleration effects are limited to NoSchedule
        PolicySet tolerations = PolicyLoader.load("""
                policies:
                  - name: tolerations
                    scope: global
                    rules: {worker: {tolerations: {attributes: {effect: {options: [{value: NoSchedule}]}}}}}
                """);

        // When a request with workers brings two tolerations, the second with another effect
        PolicyOutcome outcome = tolerations.apply(CLUSTER, create("""
                {"workers": 1, "worker": {"tolerations": [
                  {"name": "a", "key": "gpu", "operator": "Exists", "effect": "NoSchedule"},
                  {"name": "b", "key": "gpu", "operator": "Exists", "effect": "NoExecute"}]}}
                """));

        // Then the second item's attribute is reported
        assertThat(outcome.issues()).singleElement()
                .extracting(ComplianceIssue::field).isEqualTo("/spec/worker/tolerations/1/effect");
    }

    private static List<String> effective(JsonNode items) {
        List<String> result = new ArrayList<>();
        for (JsonNode item : items) {
            if (!item.path("exclude").asBoolean(false)) {
                result.add(item.get("resource").asText() + "=" + item.path("quantity").asText());
            }
        }
        result.sort(String::compareTo);
        return result;
    }
}
