package io.infergate.simulator;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.ext.web.RoutingContext;

/**
 * The vendor {@code Error} body ({@code code}, {@code message}, optional {@code details}) and the messages the Run:ai
 * OpenAPI uses as examples, so clients of the simulator see the same wording as against a real control plane.
 */
final class SimErrors {

    static final String BAD_REQUEST = "Bad request";
    static final String REQUIRED_PARAMETER_MISSING = "Required parameter is missing";
    static final String UNAUTHORIZED = "Issuer is not familiar.";
    static final String FORBIDDEN = "You do not have sufficient permissions.";
    static final String NOT_FOUND = "Resource id not found.";
    static final String NAME_EXISTS = "Resource with this name already exists";
    static final String INTERNAL = "Something went wrong.";
    static final String UNAVAILABLE = "Please try again in few minutes.";
    static final String ACCEPTED = "Request has been accepted.";

    private SimErrors() {
    }

    static SimRequestException badRequest(String details) {
        return new SimRequestException(400, BAD_REQUEST, details);
    }

    static SimRequestException missing(String details) {
        return new SimRequestException(400, REQUIRED_PARAMETER_MISSING, details);
    }

    static SimRequestException unauthorized() {
        return new SimRequestException(401, UNAUTHORIZED, null);
    }

    static SimRequestException notFound() {
        return new SimRequestException(404, NOT_FOUND, null);
    }

    static SimRequestException conflict(String message, String details) {
        return new SimRequestException(409, message, details);
    }

    /** The vendor's example message for a status, or the HTTP reason phrase when the vendor has none. */
    static String messageFor(int status) {
        switch (status) {
            case 400:
                return BAD_REQUEST;
            case 401:
                return UNAUTHORIZED;
            case 403:
                return FORBIDDEN;
            case 404:
                return NOT_FOUND;
            case 409:
                return NAME_EXISTS;
            case 500:
                return INTERNAL;
            case 503:
                return UNAVAILABLE;
            default:
                return HttpResponseStatus.valueOf(status).reasonPhrase();
        }
    }

    static ObjectNode body(int status, String message, String details) {
        ObjectNode body = SimJson.object()
                .put("code", status)
                .put("message", message);
        if (details != null) {
            body.put("details", details);
        }
        return body;
    }

    static void reply(RoutingContext ctx, int status, String message, String details) {
        SimJson.reply(ctx, status, body(status, message, details));
    }
}
