package io.infergate.contract;

import java.math.BigInteger;

import io.quarkus.runtime.configuration.MemorySize;

/**
 * Contract settings for plain unit tests, which build validators without CDI.
 */
record TestContractConfig(UnknownFields unknownFields, boolean dns1035Names) implements ContractConfig {

    /**
     * @return the shipped defaults
     */
    static TestContractConfig defaults() {
        return new TestContractConfig(UnknownFields.REJECT, false);
    }

    @Override
    public MemorySize maxBodySize() {
        return new MemorySize(BigInteger.valueOf(1024 * 1024));
    }

    @Override
    public int maxViolations() {
        return 100;
    }
}
