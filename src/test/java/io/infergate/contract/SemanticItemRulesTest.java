package io.infergate.contract;

import static io.infergate.contract.SemanticBodies.check;
import static io.infergate.contract.SemanticBodies.withContainer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The rules of a container's list items (environment variables, node affinity expressions, tolerations, PVCs) and its
 * security settings, for the leader and the worker alike.
 */
class SemanticItemRulesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "leader | {'name': 'A', 'value': 'hunter2', 'secret': {'name': 's', 'key': 'k'}} | secret",
            "worker | {'name': 'A', 'value': '', 'configMap': {'name': 'c', 'key': 'k'}} | configMap",
            "leader | {'name': 'A', 'value': 'x', 'podFieldRef': {'path': 'metadata.name'}} | podFieldRef",
            "worker | {'name': 'A', 'value': 'x', 'userCredential': {'name': 'u', 'key': 'k'}} | userCredential",
            "leader | {'name': 'A', 'secret': {'name': 's', 'key': 'k'}, 'configMap': {'name': 'c', 'key': 'k'}} | configMap",
            "worker | {'name': 'A', 'podFieldRef': {'path': 'p'}, 'userCredential': {'name': 'u', 'key': 'k'}} | userCredential"
    })
    void shouldRefuseAVariableWithTwoSources(String role, String variable, String second) {
        // Given a variable with two sources, after a valid one
        var body = withContainer(role, "{'environmentVariables': [{'name': 'OK', 'value': '1'}, " + variable + "]}");

        // When it is checked
        // Then the second source is reported, and no value is echoed
        assertThat(check(body)).singleElement().satisfies(violation -> {
            assertThat(violation.rule()).isEqualTo("env.value-exclusive");
            assertThat(violation.pointer()).isEqualTo("/spec/" + role + "/environmentVariables/1/" + second);
            assertThat(violation.message()).doesNotContain("hunter2", "metadata.name");
        });
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "leader | {'name': 'A', 'value': 'x', 'secret': null, 'configMap': null}",
            "worker | {'name': 'A', 'secret': {'name': 's', 'key': 'k'}}",
            "leader | {'name': 'A', 'userCredential': {'name': 'u', 'key': 'k'}, 'value': null}",
            "worker | {'name': 'A', 'value': 'x', 'secret': {'name': 's', 'key': 'k'}, 'exclude': true}"
    })
    void shouldAcceptAVariableWithOneSourceOrExcluded(String role, String variable) {
        // Given a variable with one source, or one only removing a policy default
        var body = withContainer(role, "{'environmentVariables': [" + variable + "]}");

        // When it is checked
        // Then nothing is reported
        assertThat(check(body)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "leader | {'key': 'gpu', 'operator': 'In'} | affinity.values-required | values",
            "worker | {'key': 'gpu', 'operator': 'NotIn', 'values': []} | affinity.values-required | values",
            "leader | {'key': 'gpu', 'operator': 'In', 'values': null} | affinity.values-required | values",
            "leader | {'key': 'gpu', 'operator': 'Exists', 'values': ['a100']} | affinity.values-forbidden | values",
            "worker | {'key': 'gpu', 'operator': 'DoesNotExist', 'values': ['a100']} | affinity.values-forbidden | values",
            "leader | {'key': 'mem', 'operator': 'Gt'} | affinity.single-integer | values",
            "worker | {'key': 'mem', 'operator': 'Lt', 'values': ['1', '2']} | affinity.single-integer | values",
            "leader | {'key': 'mem', 'operator': 'Gt', 'values': ['4.5']} | affinity.single-integer | values/0",
            "worker | {'key': 'mem', 'operator': 'Lt', 'values': ['99999999999999999999']} | affinity.single-integer | values/0",
            "leader | {'key': 'mem', 'operator': 'Gt', 'values': ['']} | affinity.single-integer | values/0"
    })
    void shouldRefuseValuesThatDoNotFitTheOperator(String role, String expression, String rule, String field) {
        // Given a second selector term whose second expression does not fit its operator
        var body = withContainer(role, "{'nodeAffinityRequired': {'nodeSelectorTerms': [{'matchExpressions': []},"
                + " {'matchExpressions': [{'key': 'zone', 'operator': 'Exists'}, " + expression + "]}]}}");

        // When it is checked
        // Then the values are reported
        assertThat(check(body)).extracting(Violation::rule, Violation::pointer).containsExactly(tuple(rule,
                "/spec/" + role + "/nodeAffinityRequired/nodeSelectorTerms/1/matchExpressions/1/" + field));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "leader | {'key': 'gpu', 'operator': 'In', 'values': ['a100', 'h100']}",
            "worker | {'key': 'gpu', 'operator': 'NotIn', 'values': ['t4']}",
            "leader | {'key': 'gpu', 'operator': 'Exists', 'values': []}",
            "worker | {'key': 'gpu', 'operator': 'DoesNotExist', 'values': null}",
            "leader | {'key': 'mem', 'operator': 'Gt', 'values': ['-4']}",
            "worker | {'key': 'mem', 'operator': 'Lt', 'values': ['9223372036854775807']}"
    })
    void shouldAcceptValuesThatFitTheOperator(String role, String expression) {
        // Given an expression whose values fit its operator
        var body = withContainer(role, "{'nodeAffinityRequired': {'nodeSelectorTerms': [{'matchExpressions': ["
                + expression + "]}]}}");

        // When it is checked
        // Then nothing is reported
        assertThat(check(body)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "leader | {'key': 'k', 'operator': 'Equal', 'value': 'v', 'effect': 'NoSchedule', 'seconds': 30} | toleration.seconds-needs-no-execute | seconds",
            "worker | {'key': 'k', 'operator': 'Exists', 'seconds': 30} | toleration.seconds-needs-no-execute | seconds",
            "leader | {'key': 'k', 'operator': 'Exists', 'value': 'v', 'effect': 'NoSchedule'} | toleration.value-with-exists | value",
            "worker | {'key': 'k', 'operator': 'Exists', 'value': 'v', 'effect': 'NoExecute'} | toleration.value-with-exists | value"
    })
    void shouldRefuseAnInconsistentToleration(String role, String toleration, String rule, String field) {
        // Given a toleration breaking a Kubernetes rule, after a valid one
        var body = withContainer(role, "{'tolerations': [{'key': 'a', 'operator': 'Exists', 'effect': 'NoSchedule'}, "
                + toleration + "]}");

        // When it is checked
        // Then the offending field is reported
        assertThat(check(body)).extracting(Violation::rule, Violation::pointer)
                .containsExactly(tuple(rule, "/spec/" + role + "/tolerations/1/" + field));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "leader | {'key': 'k', 'operator': 'Equal', 'value': 'v', 'effect': 'NoExecute', 'seconds': 30}",
            "worker | {'key': 'k', 'operator': 'Exists', 'effect': 'NoExecute', 'seconds': null}",
            "leader | {'key': 'k', 'operator': 'Exists', 'value': '', 'effect': 'Any'}",
            "worker | {'key': 'k', 'operator': 'Exists', 'value': null, 'effect': 'PreferNoSchedule'}",
            "leader | {'key': 'k', 'operator': 'Exists', 'value': 'v', 'effect': 'NoSchedule', 'seconds': 5, 'exclude': true}"
    })
    void shouldAcceptAConsistentOrExcludedToleration(String role, String toleration) {
        // Given a toleration Kubernetes accepts, or one only removing a policy default
        var body = withContainer(role, "{'tolerations': [" + toleration + "]}");

        // When it is checked
        // Then nothing is reported
        assertThat(check(body)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "leader | {'path': '/m', 'ephemeral': true, 'claimInfo': {'size': '1Gi'}} | pvc.ephemeral-unsupported | ephemeral",
            "worker | {'path': '/m', 'existingPvc': true, 'ephemeral': true, 'claimName': 'c'} | pvc.ephemeral-unsupported | ephemeral",
            "leader | {'path': '/m'} | pvc.claim-size-required | claimInfo",
            "worker | {'path': '/m', 'existingPvc': false, 'claimInfo': {'storageClass': 'fast'}} | pvc.claim-size-required | claimInfo/size",
            "leader | {'path': '/m', 'existingPvc': null, 'claimInfo': null} | pvc.claim-size-required | claimInfo",
            "worker | {'path': '/m', 'existingPvc': true, 'claimName': 'c', 'claimInfo': {'size': '1Gi'}} | pvc.claim-info-with-existing-pvc | claimInfo",
            "leader | {'path': '/m', 'existingPvc': true, 'claimName': 'c', 'claimInfo': {}} | pvc.claim-info-with-existing-pvc | claimInfo"
    })
    void shouldRefuseAPvcTheControlPlaneCannotClaim(String role, String pvc, String rule, String field) {
        // Given a PVC breaking a storage rule, after a valid one
        var body = withContainer(role, "{'storage': {'pvc': [{'path': '/a', 'claimInfo': {'size': '1Gi'}}, " + pvc
                + "]}}");

        // When it is checked
        // Then the offending field is reported
        assertThat(check(body)).extracting(Violation::rule, Violation::pointer)
                .containsExactly(tuple(rule, "/spec/" + role + "/storage/pvc/1/" + field));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "leader | {'path': '/m', 'claimInfo': {'size': '100Gi', 'storageClass': 'fast'}, 'ephemeral': false}",
            "worker | {'path': '/m', 'existingPvc': true, 'claimName': 'models', 'claimInfo': null}",
            "leader | {'path': '/m', 'existingPvc': true, 'claimName': 'models'}",
            "worker | {'name': 'inherited', 'exclude': true}",
            "leader | {'name': 'inherited', 'exclude': true, 'ephemeral': true, 'existingPvc': true, 'claimInfo': {}}"
    })
    void shouldAcceptAPvcThatCanBeClaimedOrIsExcluded(String role, String pvc) {
        // Given a new PVC with a size, an existing one, or one only removing a policy default
        var body = withContainer(role, "{'storage': {'pvc': [" + pvc + "]}}");

        // When it is checked
        // Then nothing is reported
        assertThat(check(body)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({ "leader", "worker" })
    void shouldRefuseALocalhostSeccompProfile(String role) {
        // Given the seccomp profile Run:ai does not support
        var body = withContainer(role, "{'security': {'runAsNonRoot': true, 'seccompProfileType': 'Localhost'}}");

        // When it is checked
        // Then it is reported
        assertThat(check(body)).extracting(Violation::rule, Violation::pointer).containsExactly(
                tuple("security.seccomp-localhost-unsupported", "/spec/" + role + "/security/seccompProfileType"));
    }

    @ParameterizedTest
    @CsvSource({ "leader, RuntimeDefault", "worker, Unconfined" })
    void shouldAcceptASupportedSeccompProfile(String role, String profile) {
        // Given a supported seccomp profile
        var body = withContainer(role, "{'security': {'seccompProfileType': '" + profile + "'}}");

        // When it is checked
        // Then nothing is reported
        assertThat(check(body)).isEmpty();
    }
}
