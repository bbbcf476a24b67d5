package io.infergate.security;

import io.infergate.cluster.Owner;
import io.infergate.upstream.Operation;

/**
 * The grants' verdict on one caller's get, patch or delete of a located workload: allowed when a grant allows the
 * operation on the owner's project and cluster; forbidden (403) when a grant only lets the caller see that project;
 * hidden (the 404 of a workload nowhere) when no grant reaches it, so a caller learns nothing of workloads outside its
 * grants.
 */
final class ByIdAccess implements OwnerCheck {

    private final Grants grants;
    private final Caller caller;
    private final Operation operation;

    ByIdAccess(Grants grants, Caller caller, Operation operation) {
        this.grants = grants;
        this.caller = caller;
        this.operation = operation;
    }

    @Override
    public Verdict admit(Owner owner) {
        if (grants.allows(caller, operation, owner.cluster(), owner.projectId())) {
            return Verdict.ALLOW;
        }
        if (grants.reaches(caller, owner.cluster(), owner.projectId())) {
            return new Verdict.Forbid(Grants.forbidden(operation, owner.cluster(), owner.projectId()));
        }
        return Verdict.HIDE;
    }
}
