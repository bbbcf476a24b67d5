package io.infergate.simulator;

import java.util.List;

/**
 * The subset of the Run:ai {@code Phase} enum a simulated distributed inference goes through.
 */
enum WorkloadPhase {

    CREATING("Creating"),
    PENDING("Pending"),
    INITIALIZING("Initializing"),
    RUNNING("Running"),
    FAILED("Failed"),
    UPDATING("Updating"),
    DELETING("Deleting");

    /** The happy path after a create, one {@code phase-delay} per step, as the Run:ai workload status table describes. */
    static final List<WorkloadPhase> AFTER_CREATE = List.of(CREATING, PENDING, INITIALIZING, RUNNING);
    /** After a create whose image cannot be pulled: Initializing ends in Failed, a terminal phase. */
    static final List<WorkloadPhase> AFTER_FAILED_CREATE = List.of(CREATING, PENDING, INITIALIZING, FAILED);

    private final String wireName;

    WorkloadPhase(String wireName) {
        this.wireName = wireName;
    }

    /** The spelling in the vendor's {@code actualPhase} field. */
    String wireName() {
        return wireName;
    }
}
