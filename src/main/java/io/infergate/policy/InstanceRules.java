package io.infergate.policy;

import java.util.Set;

/**
 * The {@code instances} rules of an itemised list.
 *
 * @param canAdd whether a request may add items beyond the policy's {@code instances}; null when the policy does not
 *        say (then it may, docs/runai-control-plane.md §4.2)
 * @param locked keys of items a request may neither change nor exclude
 */
record InstanceRules(Boolean canAdd, Set<String> locked) {

    InstanceRules {
        locked = Set.copyOf(locked);
    }

    boolean addingAllowed() {
        return canAdd == null || canAdd;
    }
}
