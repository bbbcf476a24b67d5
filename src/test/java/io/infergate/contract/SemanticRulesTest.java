package io.infergate.contract;

import static io.infergate.contract.SemanticBodies.check;
import static io.infergate.contract.SemanticBodies.json;
import static io.infergate.contract.SemanticBodies.withContainer;
import static io.infergate.contract.SemanticBodies.withSpec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The workload-level rules (leader, worker, image, serving port), and how a whole body is checked.
 */
class SemanticRulesTest {

    private static final String REALISTIC = """
            {
              "name": "llama-3-70b-chat",
              "useGivenNameAsPrefix": false,
              "projectId": "4",
              "clusterId": "0b6e4d44-3a0e-4c2b-9c59-7f1c5d5e2a11",
              "spec": {
                "workers": 2,
                "replicas": 1,
                "startupPolicy": "LeaderReady",
                "servingPort": {"port": 8000, "authorizationType": "authorizedGroups", "authorizedGroups": ["ml-team"]},
                "leader": {
                  "image": "vllm/vllm-openai:v0.8.5",
                  "command": "vllm serve meta-llama/Llama-3.3-70B-Instruct --tensor-parallel-size 8",
                  "compute": {"gpuDevicesRequest": 8, "cpuCoreRequest": 16, "cpuCoreLimit": 32.5,
                              "cpuMemoryRequest": "256Gi", "cpuMemoryLimit": "300Gi", "largeShmRequest": true,
                              "extendedResources": [{"resource": "rdma/ib", "quantity": "1"}]},
                  "environmentVariables": [
                    {"name": "HF_TOKEN", "secret": {"name": "hf-token", "key": "token"}},
                    {"name": "VLLM_LOGGING_LEVEL", "value": "INFO"},
                    {"name": "POD_NAME", "podFieldRef": {"path": "metadata.name"}},
                    {"name": "INHERITED", "value": "x", "configMap": {"name": "c", "key": "k"}, "exclude": true}
                  ],
                  "nodeAffinityRequired": {"nodeSelectorTerms": [{"matchExpressions": [
                    {"key": "nvidia.com/gpu.product", "operator": "In", "values": ["NVIDIA-H100-80GB-HBM3"]},
                    {"key": "nvidia.com/gpu.memory", "operator": "Gt", "values": ["40000"]},
                    {"key": "spot", "operator": "DoesNotExist"}]}]},
                  "tolerations": [{"name": "gpu", "key": "nvidia.com/gpu", "operator": "Exists", "effect": "NoSchedule"},
                                  {"key": "maintenance", "operator": "Equal", "value": "soon", "effect": "NoExecute",
                                   "seconds": 300}],
                  "security": {"runAsNonRoot": true, "seccompProfileType": "RuntimeDefault"},
                  "storage": {
                    "pvc": [{"name": "models", "path": "/models", "existingPvc": true, "claimName": "hf-cache"},
                            {"name": "scratch", "path": "/scratch", "claimInfo": {"size": "500Gi", "storageClass": "fast"}}],
                    "emptyDirVolume": [{"name": "shm", "path": "/dev/shm", "medium": "Memory", "sizeLimit": "64Gi"}]
                  }
                },
                "worker": {
                  "image": "vllm/vllm-openai:v0.8.5",
                  "compute": {"gpuDevicesRequest": 1, "gpuRequestType": "memory", "gpuMemoryRequest": "40Gi",
                              "gpuMemoryLimit": "80Gi"}
                }
              }
            }
            """;

    @Test
    void shouldAcceptARealisticBody() {
        // Given a multi-node vLLM deployment that uses most of the contract
        // When it is checked
        // Then nothing is reported
        assertThat(check(REALISTIC)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            // a pointer names a place that exists, or a member of an object that does
            "{'name': 'n', 'projectId': '4', 'clusterId': 'c'} | /spec",
            "{'name': 'n', 'projectId': '4', 'clusterId': 'c', 'spec': null} | /spec",
            "{'name': 'n', 'spec': {'workers': 0}} | /spec/leader",
            "{'name': 'n', 'spec': {'leader': null}} | /spec/leader"
    })
    void shouldRequireALeader(String body, String pointer) {
        // When a body without a leader is checked
        // Then the leader is reported missing, whatever the number of workers
        assertThat(check(body)).extracting(Violation::rule, Violation::pointer)
                .containsExactly(tuple("leader-required", pointer));
    }

    @ParameterizedTest
    @ValueSource(strings = { "{'workers': 2, 'worker': null}", "{'workers': 1000}" })
    void shouldRequireAWorkerWhenThereAreWorkers(String spec) {
        // Given workers but no worker spec
        var body = (ObjectNode) withSpec(spec);
        if (!spec.contains("'worker'")) {
            ((ObjectNode) body.get("spec")).remove("worker");
        }

        // When it is checked
        // Then the worker is reported missing
        assertThat(check(body)).extracting(Violation::rule, Violation::pointer)
                .containsExactly(tuple("worker-required", "/spec/worker"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{'spec': {'leader': {'image': 'i'}}}",
            "{'spec': {'workers': 0, 'leader': {'image': 'i'}}}",
            "{'spec': {'workers': null, 'leader': {'image': 'i'}, 'worker': null}}",
            "{'spec': {'workers': 0, 'leader': {'image': 'i'}, 'worker': {}}}"
    })
    void shouldNeedNoWorkerNorItsImageWithoutWorkers(String body) {
        // When a leader-only body is checked
        // Then nothing is reported, not even an empty worker spec
        assertThat(check(body)).isEmpty();
    }

    @Test
    void shouldRequireTheImageOfTheLeaderAndOfAUsedWorker() {
        // Given a leader and a used worker without images
        var body = withSpec("{'leader': {'command': 'serve'}, 'worker': {'args': '--x'}}");
        ((ObjectNode) body).putNull("templateId");

        // When it is checked
        // Then both images are reported missing
        assertThat(check(body)).extracting(Violation::rule, Violation::pointer).containsExactly(
                tuple("image-required", "/spec/leader/image"),
                tuple("image-required", "/spec/worker/image"));
    }

    @Test
    void shouldLeaveTheImageToATemplate() {
        // Given a body created from a template, with no image
        var body = withSpec("{'leader': {}, 'worker': {'image': null}}");
        ((ObjectNode) body).put("templateId", "2f3c1a7e-8c1b-4a57-9f0e-4a3f5b6c7d8e");

        // When it is checked
        // Then no image is required
        assertThat(check(body)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "{'authorizedUsers': ['a'], 'authorizedGroups': ['g'], 'authorizationType': 'authorizedUsers'}"
                    + " | serving-port.users-and-groups, serving-port.authorized-groups-type | authorizedGroups",
            "{'authorizedUsers': [], 'authorizedGroups': [], 'authorizationType': 'authorizedGroups'}"
                    + " | serving-port.users-and-groups, serving-port.authorized-users-type | authorizedGroups",
            "{'authorizedUsers': ['a'], 'authorizationType': 'public'} | serving-port.authorized-users-type | authorizedUsers",
            "{'port': 8000, 'authorizedUsers': ['a']} | serving-port.authorized-users-type | authorizedUsers",
            "{'authorizedGroups': ['g'], 'authorizationType': 'authenticatedUsers'} | serving-port.authorized-groups-type"
                    + " | authorizedGroups",
            "{'authorizedGroups': ['g'], 'authorizationType': 'authorizedUsers'} | serving-port.authorized-groups-type"
                    + " | authorizedGroups"
    })
    void shouldRefuseAnAuthorizationListThatDoesNotMatchItsType(String port, String rules, String field) {
        // Given a serving port whose lists do not fit together or with the type
        var body = withSpec("{'servingPort': " + port + "}");

        // When it is checked
        // Then each broken rule is reported; the users-and-groups clash points at the groups
        var violations = check(body);
        assertThat(violations).extracting(Violation::rule).containsExactlyInAnyOrder(rules.split(", "));
        if (!rules.contains("users-and-groups")) {
            assertThat(violations).extracting(Violation::pointer).containsOnly("/spec/servingPort/" + field);
        }
        assertThat(violations).filteredOn(v -> v.rule().equals("serving-port.users-and-groups"))
                .extracting(Violation::pointer).allMatch(p -> p.equals("/spec/servingPort/authorizedGroups"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{'authorizationType': 'authorizedUsers', 'authorizedUsers': ['alice', 'svc-bot']}",
            "{'authorizationType': 'authorizedGroups', 'authorizedGroups': ['ml'], 'authorizedUsers': null}",
            "{'authorizationType': 'public', 'authorizedUsers': null, 'authorizedGroups': null}",
            "{'port': 8000}"
    })
    void shouldAcceptAuthorizationListsThatMatchTheirType(String port) {
        // When a consistent serving port is checked
        // Then nothing is reported
        assertThat(check(withSpec("{'servingPort': " + port + "}"))).isEmpty();
    }

    @Test
    void shouldReportEveryProblemInDocumentOrder() {
        // Given a body with a worker listed before the leader and several problems in each
        var body = json("""
                {"name": "n", "spec": {
                  "worker": {"compute": {"cpuCoreRequest": 2, "cpuCoreLimit": 1},
                             "tolerations": [{"key": "k", "operator": "Exists", "value": "v", "effect": "NoSchedule"}]},
                  "workers": 1,
                  "servingPort": {"authorizedUsers": ["a"]},
                  "leader": {"compute": {"gpuRequestType": "portion", "cpuMemoryRequest": "5kk"},
                             "storage": {"pvc": [{"path": "/p", "ephemeral": true}]}}
                }}
                """);

        // When it is checked
        // Then every problem is reported, in the order of the body
        assertThat(check(body)).extracting(Violation::rule, Violation::pointer).containsExactly(
                tuple("image-required", "/spec/worker/image"),
                tuple("cpu.core-limit-below-request", "/spec/worker/compute/cpuCoreLimit"),
                tuple("toleration.value-with-exists", "/spec/worker/tolerations/0/value"),
                tuple("serving-port.authorized-users-type", "/spec/servingPort/authorizedUsers"),
                tuple("image-required", "/spec/leader/image"),
                tuple("gpu.portion-request-required", "/spec/leader/compute/gpuPortionRequest"),
                tuple("quantity.invalid", "/spec/leader/compute/cpuMemoryRequest"),
                // a missing claimInfo is reported at its own place, which comes before ephemeral in the body
                tuple("pvc.claim-size-required", "/spec/leader/storage/pvc/0/claimInfo"),
                tuple("pvc.ephemeral-unsupported", "/spec/leader/storage/pvc/0/ephemeral"));
    }

    @Test
    void shouldEscapePointerSegmentsPerRfc6901() {
        // Given a field name holding both characters a JSON pointer escapes
        // When a pointer to it is built
        String pointer = Pointers.child(Pointers.child("", "a/b~c"), 0);

        // Then they are escaped, and the pointer still leads to the field
        assertThat(pointer).isEqualTo("/a~1b~0c/0");
        assertThat(RuleContext.position(json("{'x': 1, 'a/b~c': [true]}"), pointer)).containsExactly(1, 0);
    }

    @Test
    void shouldCheckTheWorkerAsTheLeader() {
        // Given the same broken rule in the worker as in a valid body otherwise
        var body = withContainer("worker", "{'security': {'seccompProfileType': 'Localhost'}}");

        // When it is checked
        // Then the worker pointer is used
        assertThat(check(body)).extracting(Violation::pointer).containsExactly("/spec/worker/security/seccompProfileType");
    }
}
