package io.infergate.policy;

/**
 * A field of the DistributedInference {@code spec} that a policy may give a default or a rule: one value, or an
 * itemised list merged by key.
 */
sealed interface Field permits LeafField, ItemizedField {

    /**
     * @return the dotted path below {@code spec} (or below an item, for an attribute), e.g.
     *         {@code leader.compute.gpuDevicesRequest}
     */
    String path();
}
