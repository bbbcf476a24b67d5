package io.infergate.observability;

/**
 * Every meter InferGate registers itself, by name, with its tag keys. Prometheus names follow from these by Micrometer's
 * convention ({@code infergate.policy.reload.failures} is scraped as {@code infergate_policy_reload_failures_total}).
 */
public final class Meters {

    /** Changed policy files refused since the start (a function counter). */
    public static final String POLICY_RELOAD_FAILURES = "infergate.policy.reload.failures";
    /** 1 while the policy file on disk is refused and older policies are in force, else 0. */
    public static final String POLICY_RELOAD_FAILING = "infergate.policy.reload.failing";
    /** The policies in force. */
    public static final String POLICY_COUNT = "infergate.policy.count";

    private Meters() {
    }
}
