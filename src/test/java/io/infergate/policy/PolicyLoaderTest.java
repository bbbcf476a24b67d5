package io.infergate.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;

import org.junit.jupiter.api.Test;

class PolicyLoaderTest {

    private static List<String> problems(String yaml) {
        return catchThrowableOfType(PolicyFileException.class, () -> PolicyLoader.load(yaml)).problems();
    }

    private static String global(String name, String body) {
        return "  - name: " + name + "\n    scope: global\n" + body.indent(4);
    }

    @Test
    void shouldLoadTheExampleOfTheIssue() {
        // Given the file shape of issue 6
        String yaml = """
                departments: {"2": ["4", "5"]}
                policies:
                  - name: org-baseline
                    scope: global
                    defaults:
                      priorityClass: very-high
                      leader:
                        imagePullPolicy: IfNotPresent
                        environmentVariables:
                          instances: [{name: HF_HOME, value: /models}]
                    rules:
                      workers: {max: 8}
                      leader:
                        compute: {gpuDevicesRequest: {max: 8}}
                        image: {options: [{value: "nvcr.io/nim/meta/llama-3.1-70b-instruct:1.3"}]}
                """;

        // When it is loaded
        PolicySet policies = PolicyLoader.load(yaml);

        // Then its policy is in force everywhere
        assertThat(policies.names()).containsExactly("org-baseline");
        assertThat(policies.policiesFor("any", "9")).containsExactly("org-baseline");
    }

    @Test
    void shouldRefuseAnUnknownScope() {
        // Given a policy scoped to a tenant, which the file format does not have
        String yaml = "policies:\n  - name: t\n    scope: {tenant: \"1\"}\n";

        // When loaded, then the scope is named with the accepted forms
        assertThat(problems(yaml)).singleElement().asString()
                .contains("policy \"t\" scope: unknown scope").contains("{cluster: <cluster name>}");
    }

    @Test
    void shouldRefuseAFieldTheVendorSpecDoesNotHave() {
        // Given a misspelt field and a field of another workload type
        String yaml = "policies:\n" + global("typos", """
                defaults: {leader: {imag: x}}
                rules: {backoffLimit: {max: 3}}
                """);

        // When loaded, then both are reported with where they are and what the section has
        assertThat(problems(yaml)).containsExactly(
                "policy \"typos\" defaults.leader.imag: the DistributedInference spec has no field leader.imag; "
                        + "leader has annotations, args, command, compute, createHomeDir, environmentVariables, image, "
                        + "imagePullPolicy, imagePullSecrets, labels, nodeAffinityRequired, nodeType, podAffinity, "
                        + "probes, security, storage, tolerations, workingDir",
                "policy \"typos\" rules.backoffLimit: the DistributedInference spec has no field backoffLimit; spec "
                        + "has category, leader, nodePools, preemptibility, priorityClass, replicas, restartPolicy, "
                        + "servingPort, startupPolicy, worker, workers");
    }

    @Test
    void shouldRefuseARuleTheFieldsValueTypeDoesNotTake() {
        // Given max on a string, step on a quantity, options on an integer and an unknown rule
        String yaml = "policies:\n" + global("wrong-types", """
                rules:
                  leader:
                    image: {max: 3}
                    compute: {cpuMemoryRequest: {step: 1}, gpuDevicesRequest: {options: [{value: 1}], mustBe: 2}}
                """);

        // When loaded, then each names the field's type and what it takes
        assertThat(problems(yaml)).containsExactly(
                "policy \"wrong-types\" rules.leader.image.max: leader.image is a string field, which takes only "
                        + "[canEdit, options, required]",
                "policy \"wrong-types\" rules.leader.compute.cpuMemoryRequest.step: leader.compute.cpuMemoryRequest "
                        + "is a quantity field, which takes only [canEdit, defaultFrom, max, min, required]",
                "policy \"wrong-types\" rules.leader.compute.gpuDevicesRequest.options: leader.compute"
                        + ".gpuDevicesRequest is an integer field, which takes only [canEdit, defaultFrom, max, min, "
                        + "required, step]",
                "policy \"wrong-types\" rules.leader.compute.gpuDevicesRequest.mustBe: unknown rule; rules are "
                        + "[canEdit, defaultFrom, max, min, options, required, step]");
    }

    @Test
    void shouldRefuseBadValuesInDefaultsAndRules() {
        // Given min above max, an enum value the contract lacks, a bad quantity and a wrong default type
        String yaml = "policies:\n" + global("bad-values", """
                defaults: {workers: two, leader: {imagePullPolicy: Sometimes, compute: {cpuMemoryLimit: lots}}}
                rules: {replicas: {min: 5, max: 2}, restartPolicy: {options: [{value: Always}]}}
                """);

        // When loaded, then every problem is listed
        List<String> problems = problems(yaml);
        assertThat(problems).hasSize(5);
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("defaults.workers: must be an integer"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("\"Sometimes\" is not one of the values"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("\"lots\" is not a quantity"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("rules.replicas: min 5 is greater than max 2"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("rules.restartPolicy.options: \"Always\""));
    }

    @Test
    void shouldRefuseItemisedEntriesOfTheWrongShape() {
        // Given itemised lists given a number, an unknown part, and defaultFrom on an item attribute
        String yaml = "policies:\n" + global("itemised", """
                defaults: {leader: {labels: 3, environmentVariables: {instances: [], extra: 1}}}
                rules:
                  leader:
                    labels: [canAdd]
                    storage: {pvc: {attributes: {claimInfo: {size: {defaultFrom: {field: compute.cpuMemoryLimit}}}}}}
                """);

        // When loaded, then each is reported in the words of its section
        assertThat(problems(yaml)).containsExactly(
                "policy \"itemised\" defaults.leader.labels: an itemised list takes {instances: [...], attributes: "
                        + "{...}}, got 3",
                "policy \"itemised\" defaults.leader.environmentVariables.extra: an itemised list takes only "
                        + "instances and attributes",
                "policy \"itemised\" rules.leader.labels: an itemised list takes {instances: {canAdd, locked}, "
                        + "attributes: {...}}",
                "policy \"itemised\" rules.leader.storage.pvc.attributes.claimInfo.size.defaultFrom: is not "
                        + "supported on attributes of itemised lists");
    }

    @Test
    void shouldRefuseDuplicateNamesAndDuplicateKeys() {
        // Given two policies named alike, and a key written twice
        String names = "policies:\n" + global("same", "") + global("same", "");
        String keys = "policies:\n  - name: a\n    name: b\n    scope: global\n";

        // When loaded, then both are refused
        assertThat(problems(names)).containsExactly("policy \"same\": another policy has the same name");
        assertThat(problems(keys)).singleElement().asString().contains("Duplicate field 'name'");
    }

    @Test
    void shouldRefuseASecondRuleOwnerOfAFieldInOneBranch() {
        // Given a global and a project policy both bounding gpuDevicesRequest
        String yaml = """
                policies:
                  - name: org
                    scope: global
                    rules: {leader: {compute: {gpuDevicesRequest: {max: 8}}}}
                  - name: small-project
                    scope: {project: "4"}
                    rules: {leader: {compute: {gpuDevicesRequest: {max: 2}}}}
                """;

        // When loaded, then the second owner is refused as Run:ai refuses it
        assertThat(problems(yaml)).containsExactly("policy \"small-project\" (project 4): field "
                + "leader.compute.gpuDevicesRequest already has rules in policy \"org\" (global); only one policy in a "
                + "branch may own the rules of a field");
    }

    @Test
    void shouldAllowTheSameRuleFieldInSeparateBranches() {
        // Given two departments and two clusters each owning replicas rules
        String yaml = """
                departments: {"2": ["4"], "3": ["6"]}
                policies:
                  - {name: d2, scope: {department: "2"}, rules: {replicas: {max: 4}}}
                  - {name: d3, scope: {department: "3"}, rules: {replicas: {max: 2}}}
                  - {name: p6-of-d2, scope: {project: "4"}, defaults: {replicas: 2}}
                  - {name: east, scope: {cluster: east}, rules: {workers: {max: 4}}}
                  - {name: west, scope: {cluster: west}, rules: {workers: {max: 2}}}
                """;

        // When loaded, then nothing conflicts
        assertThat(PolicyLoader.load(yaml).names()).hasSize(5);
    }

    @Test
    void shouldRefuseTwoDefaultsForOneFieldAtTheSameLevelOfOneBranch() {
        // Given two global policies defaulting priorityClass
        String yaml = "policies:\n" + global("a", "defaults: {priorityClass: low}")
                + global("b", "defaults: {priorityClass: high}");

        // When loaded, then nothing could pick between them, so the file is refused
        assertThat(problems(yaml)).singleElement().asString()
                .contains("priorityClass already has a default in policy \"a\" at the same scope level");
    }

    @Test
    void shouldRefuseDefaultFromAFieldOfAnotherKind() {
        // Given cpuCoreRequest derived from a quantity, and from a field that does not exist
        String yaml = "policies:\n" + global("derived", """
                rules:
                  leader: {compute: {cpuCoreRequest: {defaultFrom: {field: compute.cpuMemoryLimit, factor: 0.5}}}}
                  worker: {compute: {cpuCoreRequest: {defaultFrom: {field: compute.cpuLimit}}}}
                """);

        // When loaded, then both are refused
        assertThat(problems(yaml)).hasSize(2)
                .allSatisfy(p -> assertThat(p).contains("is not a number field").contains("cannot take its default from it"));
    }

    @Test
    void shouldRefuseAProjectListedInTwoDepartmentsAndAnUnlistedDepartment() {
        // Given project 4 in two departments, and a policy for department 9
        String yaml = """
                departments: {"2": ["4"], "3": ["4"]}
                policies:
                  - {name: d9, scope: {department: "9"}}
                """;

        // When loaded, then both are reported
        assertThat(problems(yaml)).containsExactly(
                "departments.3: project 4 is already in department 2; a project belongs to one department",
                "policy \"d9\" scope: department 9 is not listed under departments, so the policy would apply to no"
                        + " project");
    }
}
