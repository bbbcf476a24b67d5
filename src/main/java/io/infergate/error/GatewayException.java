package io.infergate.error;

import java.util.Objects;

/**
 * A request the gateway answers itself with an error in the vendor {@code Error} shape, without a stack trace: these are
 * expected outcomes (bad input, an unknown cluster, a workload nowhere to be found), not bugs. Any feature throws it;
 * only {@code api} turns it into an HTTP answer. The vendor's messages for each status are here, once.
 */
public class GatewayException extends RuntimeException {

    /** The vendor's 503 message. */
    public static final String TRY_AGAIN = "Please try again in few minutes.";
    /** The vendor's 502 message. */
    public static final String BAD_GATEWAY = "Bad gateway.";
    /** The vendor's 504 message. */
    public static final String GATEWAY_TIMEOUT = "Gateway timeout.";
    /** The vendor's 500 message. */
    public static final String SOMETHING_WENT_WRONG = "Something went wrong.";
    private static final String FORBIDDEN = "You do not have sufficient permissions.";
    private static final String MALFORMED_JSON = "Malformed JSON";

    private final int status;
    private final String details;

    /**
     * @param status the HTTP status to answer with
     * @param message the vendor {@code message}
     * @param details the vendor {@code details}, may be {@code null}
     */
    public GatewayException(int status, String message, String details) {
        super(Objects.requireNonNull(message, "message"), null, false, false);
        this.status = status;
        this.details = details;
    }

    public static GatewayException badRequest(String message, String details) {
        return new GatewayException(400, message, details);
    }

    /**
     * @return the 400 of a request whose body is missing or is not one JSON object
     */
    public static GatewayException notAnObject() {
        return badRequest("Required parameter is missing", "The request body must be a JSON object.");
    }

    /**
     * @return the 400 of a body that is not strict JSON (or not strict UTF-8)
     */
    public static GatewayException malformedJson(String details) {
        return badRequest(MALFORMED_JSON, details);
    }

    public static GatewayException forbidden(String details) {
        return new GatewayException(403, FORBIDDEN, details);
    }

    public static GatewayException notFound(String details) {
        return new GatewayException(404, "Resource id not found.", details);
    }

    public static GatewayException badGateway(String details) {
        return new GatewayException(502, BAD_GATEWAY, details);
    }

    public static GatewayException unavailable(String details) {
        return new GatewayException(503, TRY_AGAIN, details);
    }

    public static GatewayException gatewayTimeout(String details) {
        return new GatewayException(504, GATEWAY_TIMEOUT, details);
    }

    public static GatewayException payloadTooLarge(long limit) {
        return new GatewayException(413, "Request entity too large.",
                "The request body is larger than the " + limit + " bytes InferGate accepts.");
    }

    public int status() {
        return status;
    }

    public String details() {
        return details;
    }
}
