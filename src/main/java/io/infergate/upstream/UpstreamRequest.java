package io.infergate.upstream;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

import io.vertx.core.buffer.Buffer;

/**
 * A request to send to a control plane.
 *
 * @param operation the Run:ai operation
 * @param path the API path, starting with {@code /api/}; appended to the cluster's base URL
 * @param headers the caller's headers that may travel upstream (see {@link ForwardedHeaders})
 * @param body the JSON body, or {@code null} for GET and DELETE
 */
public record UpstreamRequest(Operation operation, String path, Map<String, String> headers, Buffer body) {

    private static final String AUTHORIZATION = "authorization";

    public UpstreamRequest {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(path, "path");
        if (!path.startsWith("/api/")) {
            throw new IllegalArgumentException("path must start with /api/, was " + path);
        }
        headers = Map.copyOf(headers);
    }

    /**
     * @return the {@code Authorization} value to send, or {@code null}
     */
    public String authorization() {
        return headers.get(AUTHORIZATION);
    }

    /**
     * @param value the {@code Authorization} value to send instead of the caller's
     * @return the same request with it
     */
    public UpstreamRequest withAuthorization(String value) {
        Map<String, String> signed = new HashMap<>(headers);
        signed.put(AUTHORIZATION, value);
        return new UpstreamRequest(operation, path, signed, body);
    }

    /**
     * @param path another API path
     * @return a body-less GET with the same headers, as the locator sends to find a workload
     */
    public UpstreamRequest asGet(String path) {
        return new UpstreamRequest(Operation.GET, path, headers, null);
    }
}
