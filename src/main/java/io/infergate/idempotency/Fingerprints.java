package io.infergate.idempotency;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

import io.infergate.sharedstate.StateKeys;
import io.vertx.core.buffer.Buffer;

/**
 * The fingerprint of a create's body: the SHA-256 of its canonical JSON (members sorted, no white space, numbers
 * exactly as written), so a client that sends the same body with other spacing or member order is replaying, and one
 * digit changed anywhere is another body.
 */
final class Fingerprints {

    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS, DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .build();

    private Fingerprints() {
    }

    /**
     * @param raw a body already read as one strict JSON object
     */
    static String of(Buffer raw) {
        try {
            Object tree = CANONICAL.readValue(raw.getBytes(), Object.class);
            return Base64.getEncoder().encodeToString(StateKeys.sha256(CANONICAL.writeValueAsBytes(tree)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
