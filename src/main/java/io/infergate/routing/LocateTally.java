package io.infergate.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The answers gathered so far while locating a workload, and the rule that turns them into one outcome: the first
 * {@link ClusterResult.Found} decides at once; otherwise the tally is decided only when every cluster asked has
 * answered. Then a cluster that could not say outweighs a refusal, and a refusal outweighs a 404: the workload is
 * "absent" only if every cluster said 404, never when one of them could not say or would not tell this caller.
 */
final class LocateTally {

    private final int expected;
    private final List<ClusterResult> results;

    private LocateTally(int expected, List<ClusterResult> results) {
        this.expected = expected;
        this.results = results;
    }

    /**
     * @param asked how many clusters are being asked now
     * @param known answers already in hand (a cached owner's 404)
     */
    static LocateTally expecting(int asked, List<ClusterResult> known) {
        return new LocateTally(asked + known.size(), new ArrayList<>(known));
    }

    /**
     * @return this tally with one more answer; a tally belongs to one fan-out, whose merged stream delivers answers one
     *         at a time
     */
    LocateTally add(ClusterResult result) {
        results.add(result);
        return this;
    }

    boolean decided() {
        return found().isPresent() || results.size() >= expected;
    }

    Optional<ClusterResult.Found> found() {
        return results.stream()
                .filter(ClusterResult.Found.class::isInstance)
                .map(ClusterResult.Found.class::cast)
                .findFirst();
    }

    Optional<ClusterResult.Refused> refusal() {
        return results.stream()
                .filter(ClusterResult.Refused.class::isInstance)
                .map(ClusterResult.Refused.class::cast)
                .findFirst();
    }

    List<ClusterResult.Failed> failures() {
        return results.stream()
                .filter(ClusterResult.Failed.class::isInstance)
                .map(ClusterResult.Failed.class::cast)
                .toList();
    }
}
