package io.infergate.contract;

import static io.infergate.contract.SemanticBodies.check;
import static io.infergate.contract.SemanticBodies.withContainer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The GPU, CPU and quantity rules of a container's {@code compute} block, for the leader and the worker alike.
 */
class SemanticComputeRulesTest {

    @ParameterizedTest
    @ValueSource(strings = { "leader", "worker" })
    void shouldRequireAPortionWhenTheRequestTypeIsPortion(String role) {
        // Given a portion request type without a portion
        var body = withContainer(role, "{'compute': {'gpuDevicesRequest': 1, 'gpuRequestType': 'portion'}}");

        // When it is checked
        // Then the missing portion is reported where it belongs
        assertThat(check(body)).extracting(Violation::rule, Violation::pointer)
                .containsExactly(tuple("gpu.portion-request-required", "/spec/" + role + "/compute/gpuPortionRequest"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "leader", "worker" })
    void shouldRequireMemoryWhenTheRequestTypeIsMemory(String role) {
        // Given a memory request type without memory (the portion does not count)
        var body = withContainer(role, "{'compute': {'gpuRequestType': 'memory', 'gpuPortionRequest': 0.5}}");

        // When it is checked
        // Then the missing memory is reported
        assertThat(check(body)).extracting(Violation::rule, Violation::pointer)
                .containsExactly(tuple("gpu.memory-request-required", "/spec/" + role + "/compute/gpuMemoryRequest"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "leader | {'compute': {'gpuDevicesRequest': 1, 'gpuRequestType': 'portion', 'gpuPortionRequest': 0.5}}",
            "worker | {'compute': {'gpuDevicesRequest': 1, 'gpuRequestType': 'portion', 'gpuPortionRequest': 0}}",
            "leader | {'compute': {'gpuRequestType': 'memory', 'gpuMemoryRequest': '20Gi'}}",
            "worker | {'compute': {'gpuRequestType': 'memory', 'gpuMemoryRequest': '20Gi', 'gpuMemoryLimit': '40Gi'}}",
            "leader | {'compute': {'gpuPortionRequest': 0.5}}",
            "worker | {'compute': {'gpuDevicesRequest': 4}}",
            "leader | {'compute': {'gpuDevicesRequest': 8, 'gpuRequestType': 'portion'}}",
            "worker | {'compute': {'gpuDevicesRequest': 0}}"
    })
    void shouldAcceptConsistentGpuRequests(String role, String fields) {
        // Given a GPU request whose fields fit together
        var body = withContainer(role, fields);

        // When it is checked
        // Then nothing is reported (several devices never need a portion, which they may not have)
        assertThat(check(body)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({ "leader, 1.5", "worker, 1.000001", "leader, 1e3" })
    void shouldRefuseAPortionOfMoreThanOneDevice(String role, String portion) {
        // Given a portion request above 1, though the description says "between 0 and 1"
        var body = withContainer(role, "{'compute': {'gpuDevicesRequest': 1, 'gpuRequestType': 'portion',"
                + " 'gpuPortionRequest': " + portion + ", 'gpuPortionLimit': 1000}}");

        // When it is checked
        // Then the portion is reported with its own rule
        assertThat(check(body)).extracting(Violation::rule, Violation::pointer)
                .containsExactly(tuple("gpu.portion-request-range", "/spec/" + role + "/compute/gpuPortionRequest"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "1", "1.0", "0.999" })
    void shouldAcceptAPortionOfAtMostOneDevice(String portion) {
        assertThat(check(withContainer("leader", "{'compute': {'gpuRequestType': 'portion', 'gpuPortionRequest': "
                + portion + "}}"))).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(quoteCharacter = '"', value = {
            "leader, gpuPortionRequest, 0.5",
            "worker, gpuPortionLimit, 0.5",
            "leader, gpuMemoryRequest, '10Gi'",
            "worker, gpuMemoryLimit, '10Gi'"
    })
    void shouldRefuseAFractionOfSeveralDevices(String role, String field, String value) {
        // Given two devices and a fraction field
        var body = withContainer(role, "{'compute': {'gpuDevicesRequest': 2, '" + field + "': " + value + "}}");

        // When it is checked
        // Then the fraction field is reported
        assertThat(check(body)).extracting(Violation::rule, Violation::pointer)
                .containsExactly(tuple("gpu.multi-device", "/spec/" + role + "/compute/" + field));
    }

    @ParameterizedTest
    @ValueSource(strings = { "leader", "worker" })
    void shouldRefuseMemoryTypeForSeveralDevicesWithoutAskingForMemory(String role) {
        // Given two devices requested by memory
        var body = withContainer(role, "{'compute': {'gpuDevicesRequest': 2, 'gpuRequestType': 'memory'}}");

        // When it is checked
        // Then the type is reported, and the memory it would need is not asked for
        assertThat(check(body)).extracting(Violation::rule, Violation::pointer)
                .containsExactly(tuple("gpu.multi-device", "/spec/" + role + "/compute/gpuRequestType"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "leader | 'gpuPortionRequest': 0.5, 'gpuPortionLimit': 0.25 | gpu.portion-limit-below-request | gpuPortionLimit",
            "worker | 'gpuPortionRequest': 0.5, 'gpuPortionLimit': 0.25 | gpu.portion-limit-below-request | gpuPortionLimit",
            "leader | 'gpuMemoryRequest': '2Gi', 'gpuMemoryLimit': '2000Mi' | gpu.memory-limit-below-request | gpuMemoryLimit",
            "worker | 'gpuMemoryRequest': '2G', 'gpuMemoryLimit': '1.9e9' | gpu.memory-limit-below-request | gpuMemoryLimit",
            "leader | 'cpuMemoryRequest': '1Gi', 'cpuMemoryLimit': '1G' | cpu.memory-limit-below-request | cpuMemoryLimit",
            "worker | 'cpuMemoryRequest': '512Mi', 'cpuMemoryLimit': '500M' | cpu.memory-limit-below-request | cpuMemoryLimit",
            "leader | 'cpuCoreRequest': 2, 'cpuCoreLimit': 1.5 | cpu.core-limit-below-request | cpuCoreLimit",
            "worker | 'cpuCoreRequest': 0.5, 'cpuCoreLimit': 0.25 | cpu.core-limit-below-request | cpuCoreLimit"
    })
    void shouldRefuseALimitBelowItsRequest(String role, String fields, String rule, String limit) {
        // Given a limit below its request
        var body = withContainer(role, "{'compute': {" + fields + "}}");

        // When it is checked
        // Then the limit is reported
        assertThat(check(body)).extracting(Violation::rule, Violation::pointer)
                .containsExactly(tuple(rule, "/spec/" + role + "/compute/" + limit));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "leader | 'gpuPortionRequest': 0.5, 'gpuPortionLimit': 0.5",
            "worker | 'gpuPortionRequest': 0.5, 'gpuPortionLimit': 1",
            "leader | 'gpuMemoryRequest': '2Gi', 'gpuMemoryLimit': '2048Mi'",
            "worker | 'gpuMemoryLimit': '1Gi'",
            "leader | 'cpuMemoryRequest': '1G', 'cpuMemoryLimit': '1Gi'",
            "worker | 'cpuMemoryRequest': '64Gi'",
            "leader | 'cpuCoreRequest': 1, 'cpuCoreLimit': 1.0",
            "worker | 'cpuCoreRequest': 0.5, 'cpuCoreLimit': 8"
    })
    void shouldAcceptALimitAtOrAboveItsRequestOrAlone(String role, String fields) {
        // Given limits not below their requests, or one side only
        var body = withContainer(role, "{'compute': {" + fields + "}}");

        // When it is checked
        // Then nothing is reported
        assertThat(check(body)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "leader | {'compute': {'cpuMemoryRequest': '5kk'}} | compute/cpuMemoryRequest",
            "worker | {'compute': {'cpuMemoryLimit': '1..2'}} | compute/cpuMemoryLimit",
            "leader | {'compute': {'gpuRequestType': 'memory', 'gpuMemoryRequest': '1K'}} | compute/gpuMemoryRequest",
            "worker | {'compute': {'gpuMemoryLimit': '1e'}} | compute/gpuMemoryLimit",
            "leader | {'compute': {'extendedResources': [{'resource': 'x/y', 'quantity': '2'}, {'resource': 'a/b', 'quantity': '1i'}]}} | compute/extendedResources/1/quantity",
            "worker | {'storage': {'pvc': [{'path': '/m', 'claimInfo': {'size': '10GiB'}}]}} | storage/pvc/0/claimInfo/size",
            "leader | {'storage': {'emptyDirVolume': [{'path': '/d', 'sizeLimit': '1.5.Gi'}]}} | storage/emptyDirVolume/0/sizeLimit"
    })
    void shouldRefuseAQuantityKubernetesCannotRead(String role, String fields, String pointer) {
        // Given a quantity the vendor pattern lets through but Kubernetes refuses
        var body = withContainer(role, fields);

        // When it is checked
        // Then it is reported where it stands, quoting it, and no limit comparison is made with it
        assertThat(check(body)).singleElement().satisfies(violation -> {
            assertThat(violation.rule()).isEqualTo("quantity.invalid");
            assertThat(violation.pointer()).isEqualTo("/spec/" + role + "/" + pointer);
            assertThat(violation.message()).contains("is not a Kubernetes quantity");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = { "leader", "worker" })
    void shouldAcceptQuantitiesKubernetesCanRead(String role) {
        // Given valid quantities in every quantity field
        var body = withContainer(role, """
                {'compute': {'cpuMemoryRequest': '+1.5Gi', 'cpuMemoryLimit': '2e9', 'gpuMemoryRequest': '.5G',
                             'gpuMemoryLimit': '500M', 'gpuRequestType': 'memory',
                             'extendedResources': [{'resource': 'x/y', 'quantity': '250m'}]},
                 'storage': {'pvc': [{'path': '/m', 'claimInfo': {'size': '1Ti'}}],
                             'emptyDirVolume': [{'path': '/d', 'sizeLimit': '1G'}]}}
                """);

        // When it is checked
        // Then nothing is reported
        assertThat(check(body)).isEmpty();
    }
}
