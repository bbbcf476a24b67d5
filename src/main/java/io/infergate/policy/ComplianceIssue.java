package io.infergate.policy;

import java.util.Objects;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One way a request breaks a policy, in the shape of the Run:ai {@code complianceIssues} entries (docs/runai-control-plane.md
 * §1.2) plus the policy that set the rule.
 *
 * @param field RFC 6901 pointer into the body, e.g. {@code /spec/leader/compute/gpuDevicesRequest}
 * @param rule {@code required}, {@code canEdit}, {@code min}, {@code max}, {@code step}, {@code options},
 *        {@code canAdd} or {@code locked}
 * @param details one sentence the submitter understands
 * @param policy the name of the policy that owns the rule
 */
@RegisterForReflection
public record ComplianceIssue(String field, String rule, String details, String policy) {

    public ComplianceIssue {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(details, "details");
        Objects.requireNonNull(policy, "policy");
        if (!field.startsWith("/")) {
            throw new IllegalArgumentException("field is a JSON pointer starting with /, was " + field);
        }
    }
}
