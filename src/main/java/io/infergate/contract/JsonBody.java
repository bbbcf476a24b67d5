package io.infergate.contract;

import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;

import io.vertx.core.buffer.Buffer;

/**
 * A request body as the caller sent it and as parsed: the bytes travel upstream untouched, the tree is what the gateway
 * reads.
 *
 * @param raw the bytes received
 * @param tree the same body as a JSON object
 */
public record JsonBody(Buffer raw, JsonNode tree) {

    public JsonBody {
        Objects.requireNonNull(raw, "raw");
        Objects.requireNonNull(tree, "tree");
        if (!tree.isObject()) {
            throw new IllegalArgumentException("a request body is a JSON object");
        }
    }
}
