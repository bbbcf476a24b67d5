package io.infergate.limits;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

import io.infergate.sharedstate.StateKeys;
import io.infergate.upstream.Operation;

/**
 * One configured rate limit, checked: which requests it applies to, and one request per {@link #interval()}
 * microseconds with a burst of {@link #burst()}.
 *
 * @param name its configuration name; a token, since it is written into the rate-limit headers
 * @param operations the operations it applies to
 * @param groups callers in any of these groups; with {@code subjects}, empty for every caller
 * @param subjects callers with any of these subjects
 * @param projects creates in these projects only, empty for all
 * @param clusters creates for these clusters only, empty for all
 * @param rate requests per {@code period}
 * @param period the period of the rate
 * @param burst requests allowed at once
 * @param per what is counted apart
 */
record Limit(String name, Set<Operation> operations, Set<String> groups, Set<String> subjects, Set<String> projects,
        Set<String> clusters, int rate, Duration period, int burst, LimitsConfig.Counted per) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    Limit {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("infergate.limits." + name
                    + ": a limit's name is 1 to 64 letters, digits, '.', '_' or '-' (it is written into the RateLimit headers)");
        }
        if (rate < 1 || burst < 1) {
            throw new IllegalArgumentException("infergate.limits." + name + ": rate and burst must be at least 1");
        }
        if (period.toNanos() < 1_000L * rate) {
            throw new IllegalArgumentException("infergate.limits." + name + ": period must be at least 1 µs per request");
        }
        boolean createOnly = per != LimitsConfig.Counted.CALLER || !projects.isEmpty() || !clusters.isEmpty();
        if (createOnly && !operations.equals(EnumSet.of(Operation.CREATE))) {
            throw new IllegalArgumentException("infergate.limits." + name
                    + ": only a create names its project and cluster before it is sent, so a limit per project or "
                    + "cluster, or for some projects or clusters, must set operations: [create]");
        }
        operations = Set.copyOf(operations);
        groups = Set.copyOf(groups);
        subjects = Set.copyOf(subjects);
        projects = Set.copyOf(projects);
        clusters = Set.copyOf(clusters);
    }

    /**
     * @return the time between two requests at the sustained rate, in microseconds
     */
    long interval() {
        return period.toNanos() / 1000 / rate;
    }

    boolean appliesTo(LimitedRequest request) {
        return operations.contains(request.operation())
                && (groups.isEmpty() && subjects.isEmpty()
                        || subjects.contains(request.caller().subject())
                        || request.caller().groups().stream().anyMatch(groups::contains))
                && (projects.isEmpty() || projects.contains(request.projectId()))
                && (clusters.isEmpty() || clusters.contains(request.cluster()));
    }

    /**
     * @return the name of the counter this request takes from
     */
    String counter(LimitedRequest request) {
        String counted = switch (per) {
            case CALLER -> request.caller().subject();
            case PROJECT -> request.projectId();
            case CLUSTER -> request.cluster();
        };
        return StateKeys.of("limit", name, String.valueOf(counted));
    }

    /**
     * @return the seconds in which a full burst is earned again: the {@code w} of {@code RateLimit-Policy}
     */
    long windowSeconds() {
        return Math.max(1, ceilSeconds(interval() * burst));
    }

    static long ceilSeconds(long micros) {
        return (micros + 999_999) / 1_000_000;
    }
}
