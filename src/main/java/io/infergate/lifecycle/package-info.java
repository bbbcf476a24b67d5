/**
 * What becomes of a workload after the gateway acknowledged its create: a budgeted background follow-up that records
 * time-to-running and the terminal outcome per cluster.
 */
package io.infergate.lifecycle;
