package io.infergate.contract;

import java.util.List;

import jakarta.inject.Singleton;

import io.infergate.observability.Meters;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The contract's meter: the violations requests were refused for, by rule id (a closed set: the schema's keywords and
 * the ids of {@link RuleIds}).
 */
@Singleton
public class ContractMeters {

    private final MeterRegistry registry;

    ContractMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * Counts the violations a 400 lists.
     */
    public void rejected(List<Violation> listed) {
        listed.forEach(violation -> registry.counter(Meters.CONTRACT_REJECTIONS, Meters.RULE, violation.rule()).increment());
    }
}
