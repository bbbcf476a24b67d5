package io.infergate.contract;

import java.util.Objects;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One problem with a request body.
 *
 * @param pointer RFC 6901 JSON pointer to the offending value (or to the object missing a field), {@code ""} for the
 *        whole body
 * @param rule stable rule id, e.g. {@code schema.maxLength}, {@code unknown-field}, {@code gpu.portion-request-required}
 * @param message one readable sentence for the caller
 */
@RegisterForReflection
public record Violation(String pointer, String rule, String message) {

    public Violation {
        Objects.requireNonNull(pointer, "pointer");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(message, "message");
        if (!pointer.isEmpty() && !pointer.startsWith("/")) {
            throw new IllegalArgumentException("a JSON pointer is empty or starts with /, was " + pointer);
        }
    }

    /**
     * @return the line shown in the vendor {@code details} text
     */
    public String line() {
        return (pointer.isEmpty() ? "(body)" : pointer) + ": " + message + " [" + rule + "]";
    }
}
