package io.infergate.contract;

import java.math.BigInteger;

import io.quarkus.runtime.configuration.MemorySize;

/**
 * Contract settings for plain unit tests, which build validators without CDI.
 */
record TestContractConfig(UnknownFields unknownFields, boolean dns1035Names, int maxViolations)
        implements
            ContractConfig {

    /**
     * @return the shipped defaults
     */
    static TestContractConfig defaults() {
        return new TestContractConfig(UnknownFields.REJECT, false, 100);
    }

    @Override
    public MemorySize maxBodySize() {
        return new MemorySize(BigInteger.valueOf(1024 * 1024));
    }
}
