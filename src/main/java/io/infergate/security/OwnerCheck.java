package io.infergate.security;

import java.util.function.Consumer;

import io.infergate.cluster.Owner;

/**
 * Decides, once a workload's owner is known, whether the operation may go ahead. The router applies it after every
 * locate and re-locate, before a patch or delete is sent and before a get's answer is returned.
 */
@FunctionalInterface
public interface OwnerCheck {

    Verdict admit(Owner owner);

    /**
     * @param next a further check of an allowed operation (a patch's policy), which refuses by throwing the feature's
     *        own failure: the caller has been allowed to know of the workload by then
     * @return this check, then {@code next} when this one allows
     */
    default OwnerCheck andThen(Consumer<Owner> next) {
        return owner -> {
            Verdict verdict = admit(owner);
            if (verdict instanceof Verdict.Allow) {
                next.accept(owner);
            }
            return verdict;
        };
    }
}
