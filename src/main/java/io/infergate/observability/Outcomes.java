package io.infergate.observability;

/**
 * The values of the {@link Meters#OUTCOME} tag.
 */
public final class Outcomes {

    public static final String FORWARDED = "forwarded";
    /** A preview answered without calling a cluster. */
    public static final String PREVIEWED = "previewed";
    public static final String REJECTED_CONTRACT = "rejected_contract";
    public static final String REJECTED_POLICY = "rejected_policy";
    public static final String REJECTED_AUTH = "rejected_auth";
    public static final String FORBIDDEN = "forbidden";
    public static final String NOT_FOUND = "not_found";
    public static final String BAD_REQUEST = "bad_request";
    public static final String UPSTREAM_ERROR = "upstream_error";
    public static final String TIMEOUT = "timeout";
    public static final String BREAKER_OPEN = "breaker_open";
    public static final String UNAVAILABLE = "unavailable";
    public static final String ERROR = "error";
    /** Refused by a rate limit (429). */
    public static final String RATE_LIMITED = "rate_limited";
    /** A create answered with the stored answer of its {@code Idempotency-Key}, without calling a cluster. */
    public static final String REPLAYED = "replayed";

    private Outcomes() {
    }

    /**
     * @return the outcome of an error the gateway answered itself with this status
     */
    public static String ofGatewayStatus(int status) {
        return switch (status) {
            case 401 -> REJECTED_AUTH;
            case 403 -> FORBIDDEN;
            case 404 -> NOT_FOUND;
            case 429 -> RATE_LIMITED;
            case 502 -> UPSTREAM_ERROR;
            case 503 -> UNAVAILABLE;
            case 504 -> TIMEOUT;
            default -> status >= 500 ? ERROR : BAD_REQUEST;
        };
    }
}
