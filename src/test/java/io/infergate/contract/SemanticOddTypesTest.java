package io.infergate.contract;

import static io.infergate.contract.SemanticBodies.json;
import static io.infergate.contract.SemanticBodies.withContainer;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Bodies with wrong types in odd places: the schema layer reports those, so the rules must neither throw nor add noise.
 */
class SemanticOddTypesTest {

    private final SemanticRules rules = new SemanticRules(true);

    @ParameterizedTest
    @ValueSource(strings = {
            "{'compute': 'lots'}",
            "{'compute': {'gpuDevicesRequest': '2', 'gpuRequestType': 7, 'gpuPortionRequest': 'half'}}",
            "{'compute': {'gpuPortionRequest': '0.5', 'gpuPortionLimit': 0.1, 'cpuCoreRequest': [], 'cpuCoreLimit': {}}}",
            "{'compute': {'cpuMemoryRequest': 5, 'cpuMemoryLimit': true, 'gpuMemoryRequest': {}, 'gpuMemoryLimit': []}}",
            "{'compute': {'extendedResources': [null, 3, 'x', [], {'quantity': 7}]}}",
            "{'environmentVariables': [null, null, 'A=B', 1, []]}",
            "{'environmentVariables': {'name': 'A', 'value': 'x', 'secret': {}}}",
            "{'nodeAffinityRequired': 'gpu'}",
            "{'nodeAffinityRequired': {'nodeSelectorTerms': [null, 'x', {'matchExpressions': 'x'}]}}",
            "{'nodeAffinityRequired': {'nodeSelectorTerms': [{'matchExpressions': [null, 5, {'operator': 3}]}]}}",
            "{'nodeAffinityRequired': {'nodeSelectorTerms': [{'matchExpressions': [{'operator': 'In', 'values': 'a'}]}]}}",
            "{'nodeAffinityRequired': {'nodeSelectorTerms': [{'matchExpressions': [{'operator': 'Gt', 'values': [5]}]}]}}",
            "{'tolerations': [null, 'x', {'operator': 5, 'value': 'v'}, {'effect': 3, 'seconds': 5}]}",
            "{'tolerations': [{'operator': 'Exists', 'value': 42}]}",
            "{'storage': 'disk'}",
            "{'storage': {'pvc': [null, 1, {'existingPvc': 'yes', 'claimInfo': {}}, {'claimInfo': 'big'}]}}",
            "{'storage': {'pvc': {'path': '/x'}, 'emptyDirVolume': [null, {'sizeLimit': 9}]}}",
            "{'security': 'strict'}",
            "{'security': {'seccompProfileType': ['Localhost']}}"
    })
    void shouldIgnoreWrongTypesInAContainer(String fields) {
        // Given a container with values of the wrong type
        var leader = withContainer("leader", fields);
        var worker = withContainer("worker", fields);

        // When it is checked
        // Then no rule applies to what it cannot read, and nothing throws
        assertThat(rules.check(leader)).isEmpty();
        assertThat(rules.check(worker)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{'name': 5, 'useGivenNameAsPrefix': 'yes', 'spec': 'big'}",
            "{'name': ['n'], 'spec': {'leader': 'vllm', 'worker': 7, 'workers': 'two'}}",
            "{'name': 'n', 'spec': {'leader': [], 'workers': 2.5, 'worker': []}}",
            "{'name': 'n', 'spec': {'leader': {'image': 'i'}, 'servingPort': 'open'}}",
            "{'name': 'n', 'spec': {'leader': {'image': 'i'}, 'servingPort': {'authorizedUsers': 'a', 'authorizedGroups': 'g'}}}",
            "{'name': 'n', 'spec': {'leader': {'image': 'i'}, 'servingPort': {'authorizedUsers': ['a'], 'authorizationType': 1}}}",
            "{'name': 'n', 'templateId': 5, 'spec': {'leader': {'image': 7}}}"
    })
    void shouldIgnoreWrongTypesAtTheTop(String body) {
        // When a body with values of the wrong type is checked
        // Then nothing is reported, and nothing throws
        assertThat(rules.check(json(body))).isEmpty();
    }

    @Test
    void shouldIgnoreWhatIsNoObjectAtAll() {
        // When something that is no request body is checked
        // Then nothing is reported
        assertThat(rules.check(null)).isEmpty();
        assertThat(rules.check(JsonNodeFactory.instance.nullNode())).isEmpty();
        assertThat(rules.check(json("[{'spec': null}]"))).isEmpty();
        assertThat(rules.check(json("'spec'"))).isEmpty();
    }

    @Test
    void shouldReadHugeAndNonFiniteNumbersWithoutFailing() {
        // Given numbers Jackson reads as doubles, big integers and exact decimals
        var body = withContainer("leader", "{'compute': {'cpuCoreRequest': 1e308, 'cpuCoreLimit': 1e309,"
                + " 'gpuDevicesRequest': 123456789012345678901234567890, 'gpuPortionRequest': 0.5}}");

        var infinite = withContainer("worker", "{'compute': {'cpuCoreRequest': 1, 'gpuPortionRequest': 0.5}}");
        ((ObjectNode) infinite.at("/spec/worker/compute")).put("cpuCoreLimit", Double.NEGATIVE_INFINITY)
                .put("gpuPortionLimit", Double.NaN);

        // When they are checked
        List<Violation> violations = rules.check(body);
        List<Violation> none = rules.check(infinite);

        // Then the device count counts as many, non-finite numbers are not compared, and nothing throws
        assertThat(violations).extracting(Violation::rule).containsExactly("gpu.multi-device");
        assertThat(none).isEmpty();
    }
}
