package io.infergate.testing;

/**
 * The vendor's paths, as the Run:ai API states them: written once for every test, and never taken from the main code,
 * so a test notices when the gateway stops serving them.
 */
public final class VendorApi {

    /** The Distributed Inferences collection; a workload's path appends {@code /{workloadId}}. */
    public static final String COLLECTION = "/api/v1/workloads/distributed-inferences";

    private VendorApi() {
    }
}
