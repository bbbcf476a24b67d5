package io.infergate.policy;

import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What applying the policies to a create request gives.
 *
 * @param body a new body with the defaults filled in (the request's own tree is left untouched); send it only when
 *        {@link #compliant()}
 * @param issues every rule the merged request breaks, empty when it complies
 * @param applied for every field a policy filled or checked, which policy and rule (for preview)
 * @param policies the names of the policies in force for the request, widest scope first
 */
public record PolicyOutcome(ObjectNode body, List<ComplianceIssue> issues, List<Applied> applied,
        List<String> policies) {

    public PolicyOutcome {
        Objects.requireNonNull(body, "body");
        issues = List.copyOf(issues);
        applied = List.copyOf(applied);
        policies = List.copyOf(policies);
    }

    /**
     * @return whether the request complies with every policy in force
     */
    public boolean compliant() {
        return issues.isEmpty();
    }
}
