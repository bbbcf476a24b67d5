package io.infergate.upstream;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.vertx.core.buffer.Buffer;

/**
 * A request to send to a control plane.
 *
 * @param operation the Run:ai operation
 * @param path the API path, starting with {@code /api/}; appended to the cluster's base URL
 * @param headers the caller's headers that may travel upstream (see {@link ForwardedHeaders})
 * @param body the JSON body, or {@code null} for GET and DELETE
 * @param trace the trace context its spans belong under ({@code Context.root()} when there is none)
 */
public record UpstreamRequest(Operation operation, String path, Map<String, String> headers, Buffer body, Context trace) {

    private static final String AUTHORIZATION = "authorization";

    public UpstreamRequest {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(trace, "trace");
        Objects.requireNonNull(path, "path");
        if (!path.startsWith("/api/")) {
            throw new IllegalArgumentException("path must start with /api/, was " + path);
        }
        headers = Map.copyOf(headers);
    }

    /**
     * @param parent the trace context the request's spans belong under
     * @return the same request in that context
     */
    public UpstreamRequest withTrace(Context parent) {
        return new UpstreamRequest(operation, path, headers, body, parent);
    }

    /**
     * @param context a trace context to send instead of the caller's
     * @param propagator writes it as headers ({@code traceparent}, {@code tracestate})
     * @return the same request carrying it
     */
    public UpstreamRequest withTraceHeaders(Context context, TextMapPropagator propagator) {
        Map<String, String> traced = new HashMap<>(headers);
        traced.remove("traceparent");
        traced.remove("tracestate");
        propagator.inject(context, traced, Map::put);
        return new UpstreamRequest(operation, path, traced, body, trace);
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
        return new UpstreamRequest(operation, path, signed, body, trace);
    }

    /**
     * @param path another API path
     * @return a body-less GET with the same headers, as the locator sends to find a workload
     */
    public UpstreamRequest asGet(String path) {
        return new UpstreamRequest(Operation.GET, path, headers, null, trace);
    }
}
