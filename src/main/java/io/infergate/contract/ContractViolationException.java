package io.infergate.contract;

import java.util.List;

/**
 * A body that breaks the vendor contract, with the problems found: all of them, or the first
 * {@code infergate.contract.max-violations} when there were more ({@link #complete()} tells which). Answered as one
 * 400; never reaches a cluster.
 */
public class ContractViolationException extends RuntimeException {

    private final transient List<Violation> violations;
    private final boolean complete;

    ContractViolationException(List<Violation> violations, boolean complete) {
        super(violations.size() + (complete ? "" : "+") + " contract violation(s)", null, false, false);
        if (violations.isEmpty()) {
            throw new IllegalArgumentException("a contract violation needs at least one violation");
        }
        this.violations = List.copyOf(violations);
        this.complete = complete;
    }

    /**
     * @return the violations found, ordered by pointer: every one when {@link #complete()}, else as many as the limit
     *         allows
     */
    public List<Violation> violations() {
        return violations;
    }

    /**
     * @return whether {@link #violations()} holds every problem of the body; {@code false} when the check stopped at the
     *         limit, so the body has more problems than are listed
     */
    public boolean complete() {
        return complete;
    }
}
