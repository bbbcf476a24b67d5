package io.infergate.policy;

import static io.infergate.policy.Fixtures.CLUSTER;
import static io.infergate.policy.Fixtures.create;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

class PolicyRulesTest {

    private static PolicyOutcome apply(String rulesAndDefaults, String spec) {
        PolicySet policies = PolicyLoader.load("""
                policies:
                  - name: house
                    scope: global
                """ + rulesAndDefaults.indent(4));
        return policies.apply(CLUSTER, create(spec));
    }

    @Test
    void shouldRejectMissingRequiredFieldAndAcceptItWhenSetOrDefaulted() {
        // Given a rule that the leader image is required
        String policy = """
                rules:
                  leader:
                    image: {required: true}
                """;

        // When a request leaves it out, sets it, or a default provides it
        PolicyOutcome missing = apply(policy, "{\"leader\":{}}");
        PolicyOutcome given = apply(policy, "{\"leader\":{\"image\":\"vllm:1\"}}");
        PolicyOutcome defaulted = apply(policy + "defaults: {leader: {image: \"vllm:2\"}}\n", "{\"leader\":{}}");

        // Then only the request without any value is refused
        assertThat(missing.issues()).singleElement().satisfies(issue -> {
            assertThat(issue.field()).isEqualTo("/spec/leader/image");
            assertThat(issue.rule()).isEqualTo("required");
            assertThat(issue.policy()).isEqualTo("house");
        });
        assertThat(given.compliant()).isTrue();
        assertThat(defaulted.compliant()).isTrue();
        assertThat(defaulted.body().at("/spec/leader/image").asText()).isEqualTo("vllm:2");
    }

    @Test
    void shouldRejectChangingANonEditableDefaultButAcceptRestatingIt() {
        // Given a default runAsUid 500 that requests may not change (the Run:ai doc example)
        String policy = """
                defaults: {leader: {security: {runAsUid: 500}}}
                rules: {leader: {security: {runAsUid: {canEdit: false}}}}
                """;

        // When requests send 501, then 500
        PolicyOutcome changed = apply(policy, "{\"leader\":{\"security\":{\"runAsUid\":501}}}");
        PolicyOutcome same = apply(policy, "{\"leader\":{\"security\":{\"runAsUid\":500}}}");

        // Then only the change is refused
        assertThat(changed.issues()).singleElement().satisfies(issue -> {
            assertThat(issue.rule()).isEqualTo("canEdit");
            assertThat(issue.field()).isEqualTo("/spec/leader/security/runAsUid");
            assertThat(issue.details()).contains("500").contains("501");
        });
        assertThat(same.compliant()).isTrue();
    }

    @Test
    void shouldTreatArrayDefaultsAsNotEditableUnlessARuleSaysSo() {
        // Given a nodePools default, once without rules and once with canEdit: true
        String locked = "defaults: {nodePools: [h100-pool]}\n";
        String editable = locked + "rules: {nodePools: {canEdit: true}}\n";

        // When a request asks for another pool
        PolicyOutcome refused = apply(locked, "{\"nodePools\":[\"a100-pool\"]}");
        PolicyOutcome accepted = apply(editable, "{\"nodePools\":[\"a100-pool\"]}");

        // Then arrays follow the Run:ai default canEdit=false
        assertThat(refused.issues()).extracting(ComplianceIssue::rule).containsExactly("canEdit");
        assertThat(accepted.compliant()).isTrue();
    }

    @Test
    void shouldCheckMinMaxAndStepOfIntegers() {
        // Given gpuDevicesRequest between 1 and 7 in steps of 2 (1, 3, 5, 7)
        String policy = "rules: {leader: {compute: {gpuDevicesRequest: {min: 1, max: 7, step: 2}}}}\n";

        // When requests ask for 3, 0, 9 and 4
        PolicyOutcome ok = apply(policy, gpus(3));
        PolicyOutcome low = apply(policy, gpus(0));
        PolicyOutcome high = apply(policy, gpus(9));
        PolicyOutcome offStep = apply(policy, gpus(4));

        // Then each violation names its rule
        assertThat(ok.compliant()).isTrue();
        assertThat(low.issues()).extracting(ComplianceIssue::rule).containsExactly("min", "step");
        assertThat(high.issues()).extracting(ComplianceIssue::rule).containsExactly("max");
        assertThat(offStep.issues()).extracting(ComplianceIssue::rule).containsExactly("step");
        assertThat(high.issues().get(0).details()).isEqualTo("Must be at most 7; got 9.");
    }

    @Test
    void shouldBoundNumbersAndQuantities() {
        // Given a CPU core ceiling and a memory ceiling written as a quantity
        String policy = "rules: {leader: {compute: {cpuCoreRequest: {max: 8}, cpuMemoryRequest: {max: 64Gi}}}}\n";

        // When one request stays below and one goes above (65536Mi is 64Gi, 65Gi is not)
        PolicyOutcome within = apply(policy, "{\"leader\":{\"compute\":{\"cpuCoreRequest\":7.5,"
                + "\"cpuMemoryRequest\":\"65536Mi\"}}}");
        PolicyOutcome above = apply(policy, "{\"leader\":{\"compute\":{\"cpuCoreRequest\":8.5,"
                + "\"cpuMemoryRequest\":\"65Gi\"}}}");

        // Then quantities compare by amount, not by text
        assertThat(within.compliant()).isTrue();
        assertThat(above.issues()).extracting(ComplianceIssue::field).containsExactly(
                "/spec/leader/compute/cpuCoreRequest", "/spec/leader/compute/cpuMemoryRequest");
    }

    @Test
    void shouldAcceptOnlyListedOptionsForStringsAndArrayItems() {
        // Given an approved image list and approved node pools
        String policy = """
                rules:
                  leader: {image: {options: [{value: "nvcr.io/nim/a:1", displayed: A}, {value: "nvcr.io/nim/b:1"}]}}
                  nodePools: {options: [{value: h100-pool}, {value: a100-pool}]}
                """;

        // When one request uses listed values and one does not
        PolicyOutcome listed = apply(policy, "{\"nodePools\":[\"a100-pool\"],\"leader\":{\"image\":\"nvcr.io/nim/b:1\"}}");
        PolicyOutcome unlisted = apply(policy, "{\"nodePools\":[\"a100-pool\",\"t4-pool\"],"
                + "\"leader\":{\"image\":\"docker.io/me/x\"}}");

        // Then every unlisted value is reported at once
        assertThat(listed.compliant()).isTrue();
        assertThat(unlisted.issues()).extracting(ComplianceIssue::field, ComplianceIssue::rule).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("/spec/nodePools", "options"),
                org.assertj.core.groups.Tuple.tuple("/spec/leader/image", "options"));
        assertThat(unlisted.issues()).anySatisfy(issue -> assertThat(issue.details()).contains("t4-pool"));
    }

    @Test
    void shouldComputeDefaultFromAnotherFieldOfTheSameSection() {
        // Given cpuCoreRequest and cpuMemoryRequest default to half their limits
        String policy = """
                rules:
                  leader:
                    compute:
                      cpuCoreRequest: {defaultFrom: {field: compute.cpuCoreLimit, factor: 0.5}}
                      cpuMemoryRequest: {defaultFrom: {field: compute.cpuMemoryLimit, factor: 0.5}}
                """;

        // When a request sets only the limits, and another sets its own request
        PolicyOutcome derived = apply(policy, "{\"leader\":{\"compute\":{\"cpuCoreLimit\":8,"
                + "\"cpuMemoryLimit\":\"3Gi\"}}}");
        PolicyOutcome own = apply(policy, "{\"leader\":{\"compute\":{\"cpuCoreLimit\":8,\"cpuCoreRequest\":6}}}");

        // Then the empty requests are derived, and a given one is kept
        assertThat(derived.body().at("/spec/leader/compute/cpuCoreRequest").asDouble()).isEqualTo(4.0);
        assertThat(derived.body().at("/spec/leader/compute/cpuMemoryRequest").asText()).isEqualTo("1.5Gi");
        assertThat(derived.applied()).contains(new Applied("/spec/leader/compute/cpuCoreRequest", "house",
                Applied.Action.DEFAULT, "defaultFrom"));
        assertThat(own.body().at("/spec/leader/compute/cpuCoreRequest").asInt()).isEqualTo(6);
    }

    @Test
    void shouldReportEveryIssueAtOnceAndLeaveTheRequestUntouched() {
        // Given defaults and several rules
        String policy = """
                defaults: {priorityClass: very-high, leader: {imagePullPolicy: IfNotPresent}}
                rules: {workers: {max: 2}, replicas: {max: 2}, leader: {image: {required: true}}}
                """;
        ObjectNode request = create("{\"workers\":4,\"replicas\":3,\"leader\":{}}");
        ObjectNode before = request.deepCopy();

        // When the request breaks three rules
        PolicyOutcome outcome = PolicyLoader.load("policies:\n  - name: house\n    scope: global\n"
                + policy.indent(4)).apply(CLUSTER, request);

        // Then all three are reported, the result is a new tree, and the request is as it was
        assertThat(outcome.issues()).extracting(ComplianceIssue::field)
                .containsExactlyInAnyOrder("/spec/workers", "/spec/replicas", "/spec/leader/image");
        assertThat(outcome.body()).isNotSameAs(request);
        assertThat(outcome.body().at("/spec/priorityClass").asText()).isEqualTo("very-high");
        assertThat(outcome.changed()).isTrue();
        assertThat(request).isEqualTo(before);
    }

    @Test
    void shouldRecordWhichPolicySetOrCheckedEachField() {
        // Given a default and a rule
        String policy = "defaults: {priorityClass: very-high}\nrules: {replicas: {min: 1, max: 4}}\n";

        // When a compliant request is merged
        PolicyOutcome outcome = apply(policy, "{\"replicas\":2,\"leader\":{\"image\":\"x\"}}");

        // Then the trace names the field, the policy and what it did
        assertThat(outcome.applied()).containsExactly(
                new Applied("/spec/priorityClass", "house", Applied.Action.DEFAULT, "default"),
                new Applied("/spec/replicas", "house", Applied.Action.RULE, "min"),
                new Applied("/spec/replicas", "house", Applied.Action.RULE, "max"));
        assertThat(outcome.policies()).containsExactly("house");
    }

    private static String gpus(int count) {
        return "{\"leader\":{\"compute\":{\"gpuDevicesRequest\":" + count + "}}}";
    }
}
