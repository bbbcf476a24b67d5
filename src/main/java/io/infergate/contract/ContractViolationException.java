package io.infergate.contract;

import java.util.List;

/**
 * A body that breaks the vendor contract, with every problem found. Answered as one 400; never reaches a cluster.
 */
public class ContractViolationException extends RuntimeException {

    private final transient List<Violation> violations;

    ContractViolationException(List<Violation> violations) {
        super(violations.size() + " contract violation(s)", null, false, false);
        if (violations.isEmpty()) {
            throw new IllegalArgumentException("a contract violation needs at least one violation");
        }
        this.violations = List.copyOf(violations);
    }

    /**
     * @return every violation found, ordered by pointer
     */
    public List<Violation> violations() {
        return violations;
    }
}
