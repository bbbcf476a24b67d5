/**
 * What every feature records along the request path: meter names and tag keys in one place
 * ({@link io.infergate.observability.Meters}) so dashboards and alerts have one list to follow, span names
 * ({@link io.infergate.observability.Spans}), the request timer and the access-log line
 * ({@link io.infergate.observability.RequestMetrics}, filled by the step that knows each fact), bounded tags for Quarkus'
 * own HTTP server meters, and the event loops' delay. Each feature registers its own meters (its {@code *Meters}
 * holder or the bean that knows the fact). Tags stay bounded: never a workload id, a user or a raw path. A leaf: it
 * imports no other package of InferGate.
 */
package io.infergate.observability;
