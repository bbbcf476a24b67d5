package io.infergate.limits;

import java.util.List;
import java.util.stream.Collectors;

import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;

/**
 * The rate-limit headers of the IETF httpapi draft ({@code draft-ietf-httpapi-ratelimit-headers}), one list member per
 * limit that applied: {@code RateLimit-Policy: "creates";q=10;w=60} (a quota of {@code q} requests per {@code w}
 * seconds) and {@code RateLimit: "creates";r=3;t=12} ({@code r} requests left now, all {@code q} again in {@code t}
 * seconds). Written on the response before the operation runs, so they travel with whatever it answers.
 */
final class RateLimitHeaders {

    static final String POLICY = "RateLimit-Policy";
    static final String LIMIT = "RateLimit";
    static final String RETRY_AFTER = "Retry-After";

    private RateLimitHeaders() {
    }

    static void write(RoutingContext routing, List<Standing> standings) {
        MultiMap headers = routing.response().headers();
        headers.set(POLICY, standings.stream()
                .map(standing -> quoted(standing.limit()) + ";q=" + standing.limit().burst() + ";w="
                        + standing.limit().windowSeconds())
                .collect(Collectors.joining(", ")));
        headers.set(LIMIT, standings.stream()
                .map(standing -> quoted(standing.limit()) + ";r=" + standing.remaining() + ";t=" + standing.resetSeconds())
                .collect(Collectors.joining(", ")));
    }

    static void retryAfter(RoutingContext routing, long seconds) {
        routing.response().headers().set(RETRY_AFTER, Long.toString(seconds));
    }

    /**
     * A limit's name is a token of letters, digits, '.', '_' and '-' ({@link Limit}), so it needs no escaping.
     */
    private static String quoted(Limit limit) {
        return "\"" + limit.name() + "\"";
    }
}
