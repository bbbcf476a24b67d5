/**
 * What becomes of a workload after the gateway acknowledged its create: a budgeted background follow-up
 * ({@link io.infergate.lifecycle.WorkloadFollowUps}) that reads it from its cluster outside the callers' guard and
 * records time-to-running and the terminal outcome per cluster. Keys under {@code infergate.lifecycle.*}.
 */
package io.infergate.lifecycle;
