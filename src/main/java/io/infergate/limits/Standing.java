package io.infergate.limits;

/**
 * Where one counter stands after a check.
 *
 * @param limit the limit
 * @param behind its TAT after the check minus now, in microseconds: 0 when its whole burst is available
 */
record Standing(Limit limit, long behind) {

    /**
     * @return requests still allowed at once: the {@code r} of {@code RateLimit}
     */
    long remaining() {
        long interval = limit.interval();
        return Math.max(0, ((long) limit.burst() * interval - behind) / interval);
    }

    /**
     * @return seconds until the whole burst is available again: the {@code t} of {@code RateLimit}
     */
    long resetSeconds() {
        return Limit.ceilSeconds(behind);
    }

    /**
     * @return seconds until this counter allows one more request, at least 1: {@code Retry-After} of a refusal
     */
    long retryAfterSeconds() {
        long interval = limit.interval();
        return Math.max(1, Limit.ceilSeconds(behind + interval - (long) limit.burst() * interval));
    }

    boolean exhausted() {
        return !Gcra.allows(behind + limit.interval(), 0, limit.interval(), limit.burst());
    }
}
