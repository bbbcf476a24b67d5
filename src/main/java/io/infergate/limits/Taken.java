package io.infergate.limits;

import java.util.List;

/**
 * The result of one check against every limit that applies to a request: all of them allowed it (and each counter moved
 * on), or at least one did not (and none moved).
 *
 * @param allowed whether the request may be sent
 * @param standings each limit's counter after the check, in the order asked
 */
record Taken(boolean allowed, List<Standing> standings) {

    Taken {
        standings = List.copyOf(standings);
    }
}
