package io.infergate.policy;

import java.util.Objects;

/**
 * A default or rule together with the policy it comes from.
 */
record Sourced<T>(T value, Policy policy) {

    Sourced {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(policy, "policy");
    }

    String policyName() {
        return policy.name();
    }
}
