package io.infergate.routing;

import io.infergate.cluster.Owner;

/**
 * Decides, once a workload's owner is known, whether the operation may go ahead. The router applies it before a patch or
 * delete is sent and before a get's answer is returned.
 */
@FunctionalInterface
public interface OwnerCheck {

    /**
     * @return the verdict; a refusal that should name itself (a 403) is thrown as a
     *         {@link io.infergate.error.GatewayException} instead
     */
    Verdict admit(Owner owner);

    /**
     * What to do with a located workload.
     */
    enum Verdict {
        /** Carry on. */
        ALLOW,
        /** Answer exactly as if no cluster held the workload. */
        HIDE
    }
}
