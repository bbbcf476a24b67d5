package io.infergate.upstream;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import io.vertx.core.MultiMap;

/**
 * Which headers cross the gateway.
 * <p>
 * Towards the control plane only an allow-list travels: the caller's credentials, the W3C trace context and the request
 * id. Cookies, proxy credentials, {@code Forwarded} chains and anything else a client happens to send have no meaning to
 * the Run:ai API and must not leak to it. Towards the caller every end-to-end header of the answer travels except the
 * hop-by-hop headers of RFC 9110 section 7.6.1 (and any the upstream names in {@code Connection}), the framing headers
 * the gateway sets itself, and {@code X-Request-Id}, which the gateway owns.
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

    private static final Set<String> NOT_TO_CALLER = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "proxy-connection", "te", "trailer", "trailers", "transfer-encoding", "upgrade",
            "content-length", "x-request-id");

    private ForwardedHeaders() {
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
     * @param upstream the headers of the control plane's answer
     * @return the headers to pass back to the caller
     */
    public static MultiMap towardsCaller(MultiMap upstream) {
        Set<String> named = new HashSet<>();
        for (String connection : upstream.getAll("connection")) {
            for (String token : connection.split(",")) {
                named.add(token.trim().toLowerCase(Locale.ROOT));
            }
        }
        MultiMap passed = MultiMap.caseInsensitiveMultiMap();
        for (Map.Entry<String, String> header : upstream) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (!NOT_TO_CALLER.contains(name) && !named.contains(name)) {
                passed.add(header.getKey(), header.getValue());
            }
        }
        return passed;
    }
}
