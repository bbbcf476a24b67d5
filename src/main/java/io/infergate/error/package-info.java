/**
 * The gateway's one error type, {@link io.infergate.error.GatewayException}: a status, the vendor's message and the
 * details, which any feature throws for an answer it gives itself. A leaf: it imports no other package of InferGate, so
 * every feature can throw it and only {@code api} maps it (with the features' own typed failures) to the vendor
 * {@code Error} body.
 */
package io.infergate.error;
