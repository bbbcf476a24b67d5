/**
 * Where each request goes. A create goes to the cluster its {@code clusterId} names, among those the caller may use
 * ({@link io.infergate.routing.WorkloadRouter#clusterFor}); a get, patch or delete to the workload's owner, remembered
 * in a bounded cache or located by asking the caller's clusters at once
 * ({@link io.infergate.routing.WorkloadLocator}), the fan-out's answers judged as values
 * ({@link io.infergate.routing.ClusterResult}) by one rule ({@link io.infergate.routing.LocateTally}). After every locate
 * and re-locate the router applies the caller's owner check ({@code security.OwnerCheck}): allowed, forbidden, or
 * hidden as a workload no cluster holds. Keys under {@code infergate.locator.*}
 * ({@link io.infergate.routing.LocatorConfig}). Routing sends through {@code upstream} and reads the cluster model in
 * {@code cluster}; it knows nothing of HTTP resources.
 */
package io.infergate.routing;
