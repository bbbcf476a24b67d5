package io.infergate.limits;

/**
 * The generic cell rate algorithm: a limit of one request per {@code interval} with a burst of {@code burst} keeps one
 * number per counter, its theoretical arrival time (TAT). A request at {@code now} is allowed when
 * {@code max(tat, now) + interval - burst * interval <= now}, and then moves the TAT on by one interval. It is the
 * token bucket of the same rate and size, without a refill to compute. {@code limits/gcra.lua} is the same rule run
 * in Redis; times here are microseconds.
 */
final class Gcra {

    private Gcra() {
    }

    /**
     * @param tat the counter's TAT, or {@code now} or less when it has none
     * @return the TAT after this request: moved on when allowed, as it was when not
     */
    static long next(long tat, long now, long interval) {
        return Math.max(tat, now) + interval;
    }

    /**
     * @param next the TAT the request would leave, {@link #next}
     * @return whether the request fits
     */
    static boolean allows(long next, long now, long interval, int burst) {
        return next - (long) burst * interval <= now;
    }
}
