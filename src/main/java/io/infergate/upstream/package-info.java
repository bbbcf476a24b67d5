/**
 * Per cluster, everything between a routed request and the control plane: one HTTP client and connection pool
 * ({@link io.infergate.upstream.UpstreamClient}, each request's hold on a connection a
 * {@link io.infergate.upstream.Lease}), the credentials (the caller's token passed through, or InferGate's own from
 * client credentials, {@link io.infergate.upstream.ClientCredentials}), and the SmallRye Fault Tolerance guard
 * ({@link io.infergate.upstream.ClusterGuard}: retries judged by {@link io.infergate.upstream.RetryRules} within a
 * {@link io.infergate.upstream.RetryBudget}, a circuit breaker, a bulkhead, one deadline). Which headers travel each way
 * ({@link io.infergate.upstream.ForwardedHeaders}), and what went wrong, classified once as an
 * {@link io.infergate.upstream.UpstreamFailure} that {@code api} maps. The cluster's settings are read from
 * {@code cluster.ClustersConfig}; this package imports no other feature.
 */
package io.infergate.upstream;
