package io.infergate.upstream;

import io.vertx.core.http.HttpMethod;

/**
 * The four Run:ai Distributed Inferences operations, with what decides how they may be retried and routed.
 */
public enum Operation {
    CREATE(HttpMethod.POST, "create"),
    GET(HttpMethod.GET, "get"),
    PATCH(HttpMethod.PATCH, "patch"),
    DELETE(HttpMethod.DELETE, "delete");

    private final HttpMethod method;
    private final String label;

    Operation(HttpMethod method, String label) {
        this.method = method;
        this.label = label;
    }

    public HttpMethod method() {
        return method;
    }

    /**
     * @return the lower-case name used in logs, metrics and configuration
     */
    public String label() {
        return label;
    }

    /**
     * @return whether sending the request twice has the same effect as sending it once
     */
    public boolean idempotent() {
        return this != CREATE;
    }
}
