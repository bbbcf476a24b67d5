package io.infergate.simulator;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * JSON reading and writing for the simulator. It uses its own mapper rather than the application's: the simulator speaks
 * the vendor's wire format, which must not change when the gateway tunes its own Jackson settings.
 */
final class SimJson {

    /** Tree model only, so no bean (de)serialisation settings matter; trailing garbage after a body is an error. */
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** Run:ai timestamps carry exactly three fraction digits and a {@code Z}. */
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private SimJson() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static String timestamp(Instant instant) {
        return TIMESTAMP.format(instant);
    }

    /** Stored instants are truncated so what a client reads back equals what is stored. */
    static Instant truncate(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MILLIS);
    }

    /**
     * The request body as a JSON object.
     *
     * @throws SimRequestException 400 when the body is empty, not JSON or not an object
     */
    static ObjectNode requireObject(RoutingContext ctx) {
        Buffer body = ctx.body().buffer();
        if (body != null && body.length() > 0) {
            try {
                if (MAPPER.readTree(body.getBytes()) instanceof ObjectNode object) {
                    return object;
                }
            } catch (IOException e) {
                // reported below like any other non-object body
            }
        }
        throw SimErrors.badRequest("The request body must be a JSON object");
    }

    /**
     * A text field, or {@code null} when it is absent or JSON null.
     *
     * @throws SimRequestException 400 when the field holds something other than a string
     */
    static String optionalText(ObjectNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw SimErrors.badRequest(field + " must be a string");
        }
        return node.asText();
    }

    static void reply(RoutingContext ctx, int status, JsonNode body) {
        byte[] bytes;
        try {
            bytes = MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            // a tree built in memory always serialises; this is a programming error
            throw new IllegalStateException("Cannot serialise a JSON tree", e);
        }
        ctx.response()
                .setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(Buffer.buffer(bytes));
    }
}
