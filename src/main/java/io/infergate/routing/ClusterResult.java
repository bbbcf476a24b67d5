package io.infergate.routing;

import io.infergate.cluster.Cluster;
import io.infergate.cluster.Owner;
import io.infergate.upstream.UpstreamResponse;

/**
 * What one cluster said when asked for a workload. Failures are values here, so a fan-out can weigh every answer by
 * one explicit rule ({@link LocateTally}) instead of by which exception happened to arrive first.
 */
sealed interface ClusterResult {

    Cluster cluster();

    /**
     * The cluster holds the workload: it answered 200 naming the workload asked for and itself.
     *
     * @param owner the cluster and the workload's project, as its answer says
     * @param response its 200 answer
     */
    record Found(Owner owner, UpstreamResponse response) implements ClusterResult {

        @Override
        public Cluster cluster() {
            return owner.cluster();
        }
    }

    /**
     * The cluster answered 404.
     */
    record Absent(Cluster cluster) implements ClusterResult {
    }

    /**
     * The cluster refused the caller (401 or 403): the workload may be there, but this caller may not see it.
     *
     * @param response the refusal, passed back to the caller as it came
     */
    record Refused(Cluster cluster, UpstreamResponse response) implements ClusterResult {
    }

    /**
     * The cluster could not say: unreachable, timed out, broke the connection, or answered something other than 200,
     * 401, 403 or 404.
     *
     * @param reason what went wrong, for the caller's error message
     */
    record Failed(Cluster cluster, String reason) implements ClusterResult {
    }
}
