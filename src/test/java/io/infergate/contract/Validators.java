package io.infergate.contract;

/**
 * Contract validators for tests and benchmarks of other packages, built without CDI.
 */
public final class Validators {

    private Validators() {
    }

    /**
     * @return a validator with the shipped defaults (unknown fields rejected, no DNS-1035 name check)
     */
    public static ContractValidator withDefaults() {
        return new ContractValidator(TestContractConfig.defaults());
    }
}
