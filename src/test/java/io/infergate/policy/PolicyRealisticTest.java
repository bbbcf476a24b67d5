package io.infergate.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.infergate.contract.Validators;

/**
 * The policy set and body of {@link PolicyBenchmark}: if they stopped complying, the benchmark would time the error
 * path instead of the normal one.
 */
class PolicyRealisticTest {

    static final String POLICIES = "/policy/realistic.yaml";
    static final String MAXIMAL_CREATE = "/contract/maximal-create.json";

    @Test
    void shouldMergeTheMaximalBodyIntoABodyTheContractStillAccepts() {
        // Given the realistic policy set and the maximal create body of project 7
        PolicySet policies = PolicyLoader.load(Fixtures.resource(POLICIES));
        ObjectNode body = Fixtures.object(Fixtures.text(MAXIMAL_CREATE));

        // When it is merged on cluster east
        PolicyOutcome outcome = policies.apply("east", body);

        // Then it complies, gained the policy's items, and passes the contract again
        assertThat(outcome.issues()).isEmpty();
        assertThat(outcome.policies()).containsExactly("org-baseline", "east-gpus", "research", "project-7");
        assertThat(outcome.body().at("/spec/leader/labels")).hasSize(2);
        assertThat(outcome.body().at("/spec/leader/environmentVariables")).hasSize(6);
        assertThat(outcome.applied()).hasSizeGreaterThan(15);
        assertThatCode(() -> Validators.withDefaults().checkCreate(outcome.body())).doesNotThrowAnyException();
    }
}
