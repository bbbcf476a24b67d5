package io.infergate.limits;

import java.util.List;

import io.smallrye.mutiny.Uni;

/**
 * Where the counters live: {@link MemoryLimitStore} in each replica, or {@link RedisLimitStore} shared by all.
 */
sealed interface LimitStore permits MemoryLimitStore, RedisLimitStore {

    /**
     * Takes one request from every counter at once, or from none.
     *
     * @param limits the limits that apply
     * @param counters each limit's counter, in the same order
     * @return the decision; a {@link io.infergate.sharedstate.StoreUnavailableException} when the store cannot be asked
     */
    Uni<Taken> take(List<Limit> limits, List<String> counters);
}
