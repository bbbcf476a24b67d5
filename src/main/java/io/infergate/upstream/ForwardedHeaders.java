package io.infergate.upstream;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;

/**
 * Which headers cross the gateway.
 * <p>
 * Towards the control plane only an allow-list travels: the caller's credentials, the W3C trace context and the request
 * id. Cookies, proxy credentials, {@code Forwarded} chains and anything else a client happens to send have no meaning to
 * the Run:ai API and must not leak to it.
 * <p>
 * Towards the caller an allow-list too: what describes the answer's body ({@code Content-Type},
 * {@code Content-Language}, {@code Cache-Control}, {@code Expires}), when to come back ({@code Retry-After} and the
 * rate-limit headers), and the API's own lifecycle ({@code Deprecation}, {@code Sunset}). The Run:ai API declares no
 * response header at all, so nothing a caller needs is lost; what a control plane or its ingress adds for its own origin
 * stays there: cookies (the gateway forwards none back, and a browser would keep them for the gateway's host), CORS and
 * HSTS policies (the gateway's origin is not the control plane's), {@code Location} (an address of the control plane, not
 * of the gateway), validators the gateway cannot honour ({@code ETag}: no conditional header travels upstream), and
 * software banners. A 401 carries InferGate's own {@code Bearer} challenge instead of the control plane's, which may
 * name its realm or identity provider: the caller authenticates to InferGate. Headers the control plane names in
 * {@code Connection} are hop-by-hop (RFC 9110 section 7.6.1) and never pass.
 */
public final class ForwardedHeaders {

    /** The request id header; every response carries one. */
    public static final String REQUEST_ID = "X-Request-Id";

    private static final String AUTHORIZATION = "authorization";
    /**
     * Headers whose value is one item, not a list: two of them joined with a comma would be a value nobody sent (two
     * credentials read as one, a trace id no tracer accepts). Sent twice, such a header does not travel.
     */
    private static final Set<String> SINGLE_VALUED = Set.of(AUTHORIZATION, "traceparent", "x-request-id");

    private static final Set<String> TO_UPSTREAM = Set.of("authorization", "traceparent", "tracestate", "baggage",
            "x-request-id", "accept-language");
    /**
     * The same names as Vert.x header names that keep their hash: a name given as a {@code String} is hashed again by
     * every header map it goes into, twice per attempt, and a locate asks every cluster.
     */
    private static final Map<String, CharSequence> WIRE_NAMES = wireNames();

    /** InferGate's own RFC 6750 challenge (section 3), on a 401 to a request without a token. */
    public static final String BEARER_CHALLENGE = "Bearer realm=\"infergate\"";
    /** InferGate's challenge to a token that was refused, its own or a control plane's passed back. */
    public static final String CHALLENGE = BEARER_CHALLENGE + ", error=\"invalid_token\"";

    private static final Set<String> TO_CALLER = Set.of("content-type", "content-language", "cache-control", "expires",
            "retry-after", "ratelimit", "ratelimit-policy", "ratelimit-limit", "ratelimit-remaining", "ratelimit-reset",
            "x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset", "deprecation", "sunset");

    private ForwardedHeaders() {
    }

    private static Map<String, CharSequence> wireNames() {
        Map<String, CharSequence> names = new HashMap<>();
        TO_UPSTREAM.forEach(name -> names.put(name, HttpHeaders.createOptimized(name)));
        return Map.copyOf(names);
    }

    /**
     * @param name a header name {@link #towardsUpstream} or a trace propagator wrote
     * @return the name to put into a Vert.x header map: one built once for the names that travel upstream, else
     *         {@code name} itself
     */
    public static CharSequence wireName(String name) {
        return WIRE_NAMES.getOrDefault(name, name);
    }

    /**
     * @param credential the {@code Authorization} value to send: the credential the gateway verified, never read from
     *        the request again (or {@code null} for none)
     * @param header looks up a request header's values by name, case-insensitively ({@code null} for none)
     * @return the headers to send upstream: list-valued ones joined with commas, a single-valued one only when sent once
     */
    public static Map<String, String> towardsUpstream(String credential, Function<String, List<String>> header) {
        Map<String, String> forwarded = new HashMap<>();
        for (String name : TO_UPSTREAM) {
            List<String> values = AUTHORIZATION.equals(name) ? null : header.apply(name);
            String value = values == null || values.isEmpty() || values.size() > 1 && SINGLE_VALUED.contains(name)
                    ? null
                    : String.join(",", values);
            if (value != null && !value.isEmpty()) {
                forwarded.put(name, value);
            }
        }
        if (credential != null) {
            forwarded.put(AUTHORIZATION, credential);
        }
        return forwarded;
    }

    /**
     * @param status the status of the control plane's answer
     * @param upstream the headers of the control plane's answer
     * @return the headers to pass back to the caller
     */
    public static MultiMap towardsCaller(int status, MultiMap upstream) {
        Set<String> named = new HashSet<>();
        for (String connection : upstream.getAll("connection")) {
            for (String token : connection.split(",")) {
                named.add(token.trim().toLowerCase(Locale.ROOT));
            }
        }
        MultiMap passed = MultiMap.caseInsensitiveMultiMap();
        for (Map.Entry<String, String> header : upstream) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (TO_CALLER.contains(name) && !named.contains(name)) {
                passed.add(header.getKey(), header.getValue());
            }
        }
        if (status == 401) {
            passed.set("WWW-Authenticate", CHALLENGE);
        }
        return passed;
    }
}
