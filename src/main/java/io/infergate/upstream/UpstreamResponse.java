package io.infergate.upstream;

import java.util.Objects;

import io.infergate.cluster.Cluster;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;

/**
 * A control plane's answer: its status, the end-to-end headers to pass back, and a body known to be one JSON value.
 *
 * @param cluster the cluster that answered
 * @param status the HTTP status
 * @param headers the headers to pass back to the caller (hop-by-hop headers already dropped)
 * @param body the JSON body
 */
public record UpstreamResponse(Cluster cluster, int status, MultiMap headers, Buffer body) {

    public UpstreamResponse {
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(body, "body");
    }
}
