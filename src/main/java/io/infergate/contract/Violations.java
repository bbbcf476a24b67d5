package io.infergate.contract;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The violations one check of a body collects, each once, in the order found, and at most {@code limit} of them: the
 * 400 lists no more ({@code infergate.contract.max-violations}), so the check stops at the first one past the limit
 * ({@link #add} throws {@link Overflow}) instead of spending time on a count nobody reads. What a caller learns then is
 * "more than {@code limit}", which is true; an exact count of a hostile body's problems is not worth its CPU.
 */
final class Violations {

    private final int limit;
    private final Set<Violation> found = new LinkedHashSet<>();
    private boolean overflowed;

    /**
     * @param limit most violations kept, at least 1
     */
    Violations(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("a check keeps at least one violation, not " + limit);
        }
        this.limit = limit;
    }

    /**
     * @return a collector that never overflows, for tests that want every violation
     */
    static Violations unbounded() {
        return new Violations(Integer.MAX_VALUE);
    }

    /**
     * Keeps a violation, or ends the check if the list is full.
     *
     * @throws Overflow when {@code violation} is new and {@code limit} are kept already
     */
    void add(Violation violation) {
        if (!offer(violation)) {
            throw Overflow.INSTANCE;
        }
    }

    /**
     * @return whether the violation is kept (or was already); {@code false} marks the list as overflowed
     */
    boolean offer(Violation violation) {
        if (found.size() < limit || found.contains(violation)) {
            found.add(violation);
            return true;
        }
        overflowed = true;
        return false;
    }

    /**
     * For a caller about to spend time on a violation's message: whether there is room for a new one. A full list is
     * marked overflowed, as the violation about to be reported is new.
     *
     * @throws Overflow when the list is full
     */
    void ensureRoom() {
        if (found.size() >= limit) {
            overflowed = true;
            throw Overflow.INSTANCE;
        }
    }

    /**
     * Ends the check if an earlier {@link #offer} found the list full (a library that cannot take an exception
     * mid-way stops on its own, and this carries the stop on).
     *
     * @throws Overflow when the list overflowed
     */
    void stopIfOverflowed() {
        if (overflowed) {
            throw Overflow.INSTANCE;
        }
    }

    boolean isEmpty() {
        return found.isEmpty();
    }

    /**
     * @return whether every violation of the body is kept; {@code false} when the check stopped at the limit
     */
    boolean complete() {
        return !overflowed;
    }

    /**
     * @return the violations kept, in the order found
     */
    List<Violation> list() {
        return List.copyOf(found);
    }

    /**
     * Ends a check whose list is full. Flow control only: one shared instance without a stack trace.
     */
    static final class Overflow extends RuntimeException {

        private static final long serialVersionUID = 1L;
        static final Overflow INSTANCE = new Overflow();

        private Overflow() {
            super("the violation list is full", null, false, false);
        }
    }
}
