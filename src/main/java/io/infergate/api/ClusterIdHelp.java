package io.infergate.api;

import java.util.List;

import io.infergate.cluster.UsableClusters;
import io.infergate.contract.Violation;
import io.vertx.ext.web.RoutingContext;

/**
 * Makes a create's contract violations about its {@code clusterId} name the clusters the caller may use, as the
 * "Unknown clusterId" answer does: a missing {@code clusterId}, or a cluster's name given in its place, is otherwise
 * answered with the schema's sentence alone, and the caller is left to guess the id. The create (or preview) notes the
 * caller's clusters on the request before the body is checked; the contract's 400 reads them from there, so the
 * contract check itself stays the same for every caller.
 */
public final class ClusterIdHelp {

    private static final String KEY = ClusterIdHelp.class.getName();
    private static final String POINTER = "/clusterId";

    private ClusterIdHelp() {
    }

    /**
     * @param routing the request of a create or preview
     * @param usable the clusters its caller may use
     */
    public static void offer(RoutingContext routing, UsableClusters usable) {
        routing.put(KEY, usable);
    }

    /**
     * @param routing the current request, or {@code null}
     * @param violations the violations a 400 is about to list
     * @return the same violations, those of the {@code clusterId}'s value (the schema's: missing, not a string, not a
     *         UUID) with the caller's clusters added to their message, when the request is a create that noted them
     */
    public static List<Violation> explain(RoutingContext routing, List<Violation> violations) {
        UsableClusters usable = routing == null ? null : routing.get(KEY);
        if (usable == null || violations.stream().noneMatch(ClusterIdHelp::aboutClusterId)) {
            return violations;
        }
        return violations.stream()
                .map(violation -> aboutClusterId(violation)
                        ? new Violation(violation.pointer(), violation.rule(),
                                violation.message() + " " + usable.sentence())
                        : violation)
                .toList();
    }

    private static boolean aboutClusterId(Violation violation) {
        return POINTER.equals(violation.pointer()) && violation.rule().startsWith("schema.");
    }
}
