package io.infergate.idempotency;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.infergate.error.GatewayException;

/**
 * Reads the {@code Idempotency-Key} header: a structured-field string ({@code "8e03978e-40d5-43e8-bc93-6894a57f9324"},
 * as the IETF draft writes it), or the same characters unquoted, as many clients send it.
 */
final class IdempotencyKeyHeader {

    static final String NAME = "Idempotency-Key";
    private static final Pattern KEY = Pattern.compile("\"?([\\x21\\x23-\\x5B\\x5D-\\x7E]{1,255})\"?");

    private IdempotencyKeyHeader() {
    }

    /**
     * @param values every value of the header the request has
     * @return the key, or empty without the header
     * @throws GatewayException 400 for more than one, or one that is not 1 to 255 visible ASCII characters
     */
    static Optional<String> read(List<String> values) {
        if (values == null || values.isEmpty()) {
            return Optional.empty();
        }
        Matcher key = KEY.matcher(values.get(0).strip());
        if (values.size() > 1 || !key.matches() || values.get(0).strip().startsWith("\"") != values.get(0).strip()
                .endsWith("\"")) {
            throw GatewayException.badRequest("Invalid Idempotency-Key",
                    "Send one Idempotency-Key header of 1 to 255 visible ASCII characters without quotes or backslashes, "
                            + "e.g. Idempotency-Key: \"8e03978e-40d5-43e8-bc93-6894a57f9324\".");
        }
        return Optional.of(key.group(1));
    }
}
