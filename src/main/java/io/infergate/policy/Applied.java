package io.infergate.policy;

import java.util.Objects;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A trace of what a policy did to one field of a body, for the preview endpoint.
 *
 * @param pointer RFC 6901 pointer into the resulting body
 * @param policy the name of the policy
 * @param action whether the policy filled the value or checked it
 * @param rule for {@link Action#RULE}, the rule checked ({@code max}, {@code options}...); for {@link Action#DEFAULT},
 *        how the value was found ({@code default}, {@code defaultFrom}, {@code instance}, {@code attribute})
 */
@RegisterForReflection
public record Applied(String pointer, String policy, Action action, String rule) {

    public Applied {
        Objects.requireNonNull(pointer, "pointer");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(rule, "rule");
    }

    /** What a policy did to a field. */
    public enum Action {
        /** The request left the field empty and the policy filled it. */
        DEFAULT,
        /** The policy checked the field's value. */
        RULE
    }
}
