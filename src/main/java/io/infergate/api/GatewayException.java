package io.infergate.api;

import java.util.Objects;

/**
 * A request the gateway answers itself with an error in the vendor {@code Error} shape, without a stack trace: these are
 * expected outcomes (bad input, an unknown cluster, a workload nowhere to be found), not bugs.
 */
public class GatewayException extends RuntimeException {

    /** The vendor's 503 message. */
    static final String TRY_AGAIN = "Please try again in few minutes.";

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

    public static GatewayException notFound(String details) {
        return new GatewayException(404, "Resource id not found.", details);
    }

    public static GatewayException unavailable(String details) {
        return new GatewayException(503, TRY_AGAIN, details);
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

    /**
     * @return the body to send
     */
    public ApiError toApiError() {
        return new ApiError(status, getMessage(), details);
    }
}
