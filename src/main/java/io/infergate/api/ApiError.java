package io.infergate.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The vendor {@code Error} body: {@code {code, message, details}}. Every error the gateway itself produces has this
 * shape, so a Run:ai client parses gateway and control-plane errors alike.
 *
 * @param code the HTTP status, 100..599
 * @param message a short summary
 * @param details what exactly went wrong and, where it helps, what to do about it; may be {@code null}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiError(int code, String message, String details) {

    public ApiError {
        if (code < 100 || code > 599) {
            throw new IllegalArgumentException("code must be an HTTP status, was " + code);
        }
        if (message == null || message.isBlank()) {
            throw new IllegalArgumentException("message is required");
        }
    }
}
