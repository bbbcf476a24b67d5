/**
 * The cluster model every feature shares: the configured Run:ai clusters ({@code infergate.clusters.*}, with each
 * cluster's client, retry, breaker and bulkhead settings), the registry that looks them up by id, the clusters one
 * caller may use, and a workload's owner (cluster and project). It holds data and its invariants only: it imports no
 * feature, so routing, upstream, security and policy can all use it without using each other.
 */
package io.infergate.cluster;
