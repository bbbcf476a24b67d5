package io.infergate.api;

import java.time.Duration;

import io.quarkus.arc.Unremovable;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Limits of the HTTP edge that Quarkus has no key for ({@code infergate.edge.*}). Header size, URL length and the
 * connection cap are Quarkus keys ({@code quarkus.http.limits.*}).
 * <p>
 * Read once, when Vert.x starts (see {@link EdgeVertxServices}): in dev mode a change applies after a restart, not
 * after a live reload. That lookup is programmatic, with no injection point, hence {@link Unremovable}: without it
 * Quarkus would not register the mapping at all.
 */
@ConfigMapping(prefix = "infergate.edge")
@Unremovable
interface EdgeConfig {

    /**
     * Longest time from the first byte of a request to the end of its head (request line and headers) over HTTP/1.x;
     * a connection that takes longer is answered 408 and closed, so a client trickling its headers (slowloris) cannot
     * hold it. The clock starts with a request's first byte: a connection idle between requests is left to
     * {@code quarkus.http.idle-timeout}, and a body is not timed. {@code 0} turns the deadline off.
     */
    @WithDefault("10s")
    Duration requestHeadTimeout();
}
