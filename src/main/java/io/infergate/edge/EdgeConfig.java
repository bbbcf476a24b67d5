package io.infergate.edge;

import java.time.Duration;

import io.quarkus.arc.Unremovable;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Limits of the HTTP edge that Quarkus has no key for ({@code infergate.edge.*}). Header size, URL length and the
 * connection cap are Quarkus keys ({@code quarkus.http.limits.*}).
 * <p>
 * Read once, when Vert.x starts (see {@link EdgeVertxServices}) and when Quarkus creates its HTTP server
 * ({@link EdgeHttpOptions}): in dev mode a change applies after a restart, not after a live reload. The first lookup
 * is programmatic, with no injection point, hence {@link Unremovable}: without it Quarkus would not register the
 * mapping at all.
 */
@ConfigMapping(prefix = "infergate.edge")
@Unremovable
interface EdgeConfig {

    /**
     * Longest time from the first byte of a request to the end of its head (request line and headers) over HTTP/1.x,
     * and from the first byte of an HTTP/2 frame to the end of its header block (HEADERS and its CONTINUATION frames)
     * or of the frame itself (every frame but DATA); a connection that takes longer is answered 408 (HTTP/1.x) or
     * GOAWAY (HTTP/2) and closed, so a client trickling its headers (slowloris) cannot hold it. The clock starts with
     * a request's (a frame's) first byte: a connection idle between requests is left to
     * {@code quarkus.http.idle-timeout}. {@code 0} turns the deadline off.
     */
    @WithDefault("10s")
    Duration requestHeadTimeout();

    /**
     * Longest time from the end of a request's head to the end of its body; a request whose body takes longer is
     * answered 408 (or, when it has been answered already, its connection is closed over HTTP/1.x and its stream reset
     * over HTTP/2), so a client trickling a body cannot hold a connection or a stream. {@code 0} turns the deadline
     * off.
     */
    @WithDefault("30s")
    Duration requestBodyTimeout();

    /**
     * Whether plain-text connections may speak HTTP/2 (h2c, by prior knowledge or by {@code Upgrade: h2c}). Off, every
     * plain-text connection is HTTP/1.x; HTTP/2 over TLS (ALPN) is governed by {@code quarkus.http.http2} alone.
     * Quarkus turns h2c on by default; InferGate does not, since nothing in front of or behind it needs it.
     */
    @WithDefault("false")
    boolean http2Cleartext();
}
