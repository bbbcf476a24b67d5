package io.infergate.simulator;

/**
 * What a simulated control plane does with a field the bundled contract does not define
 * ({@code infergate.simulator.clusters.<name>.unknown-fields}).
 */
public enum UnknownFields {

    /**
     * Accept and echo it, as the vendor schemas allow (none of them sets {@code additionalProperties: false}); the
     * stand-in for a control plane newer than the bundled contract.
     */
    ACCEPT,
    /** Refuse it with a 400 naming it, as a control plane that knows only the bundled contract and checks strictly. */
    REJECT
}
