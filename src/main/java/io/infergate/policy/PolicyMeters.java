package io.infergate.policy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.inject.Singleton;

import io.infergate.observability.Meters;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Every meter of the policies: the file's reloads and the policies in force, the defaults applied to creates, and the
 * rules requests broke. Tags are policy names and rule ids from the policy file, never a request's values.
 */
@Singleton
public class PolicyMeters {

    private final MeterRegistry registry;
    /** Removed at shutdown: a meter outliving its application would keep reporting a stopped instance. */
    private final List<Meter> registered = new CopyOnWriteArrayList<>();

    PolicyMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * Reports the policies in force and their reloads, until {@link #close()}.
     */
    void watch(Policies policies) {
        registered.addAll(List.of(
                FunctionCounter.builder(Meters.POLICY_RELOAD_FAILURES, policies, Policies::failedReloads)
                        .description("Changed policy files refused since the start")
                        .register(registry),
                Gauge.builder(Meters.POLICY_RELOAD_FAILING, policies, watched -> watched.lastReloadFailed() ? 1 : 0)
                        .description("1 while the policy file is refused and older policies are in force")
                        .register(registry),
                Gauge.builder(Meters.POLICY_COUNT, policies, watched -> watched.current().names().size())
                        .description("Policies in force")
                        .register(registry)));
    }

    /**
     * Counts the defaults a create about to be sent got, by the policy that set each.
     */
    void defaultsApplied(PolicyOutcome outcome) {
        outcome.applied()
                .stream()
                .filter(applied -> applied.action() == Applied.Action.DEFAULT)
                .forEach(applied -> registry.counter(Meters.POLICY_DEFAULTS_APPLIED, Meters.POLICY, applied.policy())
                        .increment());
    }

    /**
     * Counts the issues of a request refused for its policies, by policy and rule.
     */
    public void violated(List<ComplianceIssue> issues) {
        issues.forEach(issue -> registry.counter(Meters.POLICY_VIOLATIONS, Meters.POLICY, issue.policy(), Meters.RULE,
                issue.rule()).increment());
    }

    void close() {
        registered.forEach(registry::remove);
    }
}
