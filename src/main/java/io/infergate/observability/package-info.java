/**
 * Meter names and tag keys, in one place so dashboards and alerts have one list to follow. Tags stay bounded: never a
 * workload id, a user or a raw path.
 */
package io.infergate.observability;
