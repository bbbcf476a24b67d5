/**
 * The operations, as JAX-RS resources returning {@code Uni}: the four Run:ai Distributed Inferences operations at the
 * vendor paths ({@link io.infergate.api.DistributedInferencesResource}), and InferGate's own {@code /infergate/v1}
 * endpoints (the clusters a caller may use, a create's preview, a scope's effective policy). Before anything is sent,
 * every request passes {@link io.infergate.api.Admission}, the one home of the steps in front of the router: validate,
 * the {@code clusterId}'s cluster, the grant, the policies for a create; the owner check for a get, patch or delete.
 * <p>
 * This is also the one place that turns failures into HTTP: {@link io.infergate.api.ErrorMappers} maps each feature's
 * typed failure ({@code error.GatewayException}, the contract's and the policies' violations, the upstream failures,
 * an unreachable identity provider) to the vendor {@code Error} body, {@link io.infergate.api.ApiError}, one small
 * mapper per type. Nothing below the edge imports this package.
 */
package io.infergate.api;
