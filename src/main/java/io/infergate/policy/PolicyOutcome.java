package io.infergate.policy;

import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What applying the policies to a create request gives.
 *
 * @param body the body to send, only when {@link #compliant()}: a new tree with the defaults filled in, or the request's
 *        own tree when no policy applies (which is never modified either way)
 * @param issues every rule the merged request breaks, empty when it complies
 * @param applied for every field a policy filled or checked, which policy and rule (for preview)
 * @param policies the names of the policies in force for the request, widest scope first
 * @param changed whether {@code body} differs from the request: then it must be checked against the contract again, and
 *        sent instead of the request's own bytes
 */
public record PolicyOutcome(ObjectNode body, List<ComplianceIssue> issues, List<Applied> applied,
        List<String> policies, boolean changed) {

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
