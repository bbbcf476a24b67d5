package io.infergate.policy;

import java.util.List;

/**
 * A request that does not comply with the policies of its scope: every issue at once, answered as a 400.
 */
public class PolicyViolationException extends RuntimeException {

    private final List<ComplianceIssue> issues;

    public PolicyViolationException(List<ComplianceIssue> issues) {
        super("The request does not comply with the policies: " + issues.size()
                + (issues.size() == 1 ? " issue." : " issues."), null, false, false);
        this.issues = List.copyOf(issues);
    }

    /**
     * @return what is wrong, each with its field, rule and policy
     */
    public List<ComplianceIssue> issues() {
        return issues;
    }
}
