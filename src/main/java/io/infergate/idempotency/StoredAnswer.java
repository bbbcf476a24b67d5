package io.infergate.idempotency;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.vertx.core.buffer.Buffer;

/**
 * An answer kept for replays: status, headers and body exactly as the caller got them.
 *
 * @param status the HTTP status
 * @param headers name and value pairs, in order
 * @param body the body, base64
 */
@RegisterForReflection
record StoredAnswer(int status, List<List<String>> headers, String body) {

    StoredAnswer {
        headers = List.copyOf(headers);
    }

    /**
     * @param response an answer whose entity is a {@link Buffer}, as the create builds it
     */
    static StoredAnswer of(Response response) {
        List<List<String>> headers = new ArrayList<>();
        for (Map.Entry<String, List<String>> header : response.getStringHeaders().entrySet()) {
            header.getValue().forEach(value -> headers.add(List.of(header.getKey(), value)));
        }
        byte[] body = response.getEntity() instanceof Buffer buffer ? buffer.getBytes() : new byte[0];
        return new StoredAnswer(response.getStatus(), headers, Base64.getEncoder().encodeToString(body));
    }

    /**
     * @return the answer again, marked as a replay
     */
    Response replay() {
        Response.ResponseBuilder response = Response.status(status)
                .entity(Buffer.buffer(Base64.getDecoder().decode(body)));
        headers.forEach(header -> response.header(header.get(0), header.get(1)));
        if (headers.stream().noneMatch(header -> header.get(0).equalsIgnoreCase("content-type"))) {
            response.type(MediaType.APPLICATION_JSON_TYPE);
        }
        return response.header(IdempotentCreates.REPLAYED, "true").build();
    }
}
