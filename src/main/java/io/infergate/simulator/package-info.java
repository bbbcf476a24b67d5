/**
 * A simulated NVIDIA Run:ai control plane: the Distributed Inferences API, the v1 token endpoint and fault injection,
 * one real HTTP server per configured cluster. Dev mode, integration tests and benchmarks run the gateway against it; it
 * starts only when {@code infergate.simulator.clusters} names at least one cluster.
 */
package io.infergate.simulator;
