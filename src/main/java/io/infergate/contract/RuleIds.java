package io.infergate.contract;

/**
 * The stable ids of the semantic rules, in one place: clients may match on them, so an id never changes meaning.
 */
final class RuleIds {

    static final String LEADER_REQUIRED = "leader-required";
    static final String WORKER_REQUIRED = "worker-required";
    static final String IMAGE_REQUIRED = "image-required";
    static final String NAME_DNS_1035 = "name.dns-1035";

    static final String USERS_AND_GROUPS = "serving-port.users-and-groups";
    static final String AUTHORIZED_USERS_TYPE = "serving-port.authorized-users-type";
    static final String AUTHORIZED_GROUPS_TYPE = "serving-port.authorized-groups-type";

    static final String PORTION_REQUEST_REQUIRED = "gpu.portion-request-required";
    static final String MEMORY_REQUEST_REQUIRED = "gpu.memory-request-required";
    static final String MULTI_DEVICE = "gpu.multi-device";
    static final String PORTION_LIMIT_BELOW_REQUEST = "gpu.portion-limit-below-request";
    static final String PORTION_REQUEST_RANGE = "gpu.portion-request-range";
    static final String GPU_MEMORY_LIMIT_BELOW_REQUEST = "gpu.memory-limit-below-request";
    static final String CPU_MEMORY_LIMIT_BELOW_REQUEST = "cpu.memory-limit-below-request";
    static final String CPU_CORE_LIMIT_BELOW_REQUEST = "cpu.core-limit-below-request";
    static final String QUANTITY_INVALID = "quantity.invalid";

    static final String ENV_VALUE_EXCLUSIVE = "env.value-exclusive";

    static final String AFFINITY_VALUES_REQUIRED = "affinity.values-required";
    static final String AFFINITY_VALUES_FORBIDDEN = "affinity.values-forbidden";
    static final String AFFINITY_SINGLE_INTEGER = "affinity.single-integer";

    static final String TOLERATION_SECONDS = "toleration.seconds-needs-no-execute";
    static final String TOLERATION_VALUE_WITH_EXISTS = "toleration.value-with-exists";

    static final String PVC_EPHEMERAL = "pvc.ephemeral-unsupported";
    static final String PVC_CLAIM_SIZE_REQUIRED = "pvc.claim-size-required";
    static final String PVC_CLAIM_INFO_WITH_EXISTING = "pvc.claim-info-with-existing-pvc";

    static final String SECCOMP_LOCALHOST = "security.seccomp-localhost-unsupported";

    private RuleIds() {
    }
}
