package io.infergate.upstream;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.client.api.ClientLogger;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;

/**
 * The token endpoint's traffic, as the REST client logs it when {@code quarkus.rest-client.logging.scope} asks for it:
 * method, path and status only. Quarkus' own client logger prints whole bodies and headers, and these bodies are
 * secrets (the request carries the client secret, the answer the access token), so {@link ClientCredentials} gives its
 * client this one, which no logging setting can make print a body.
 */
final class TokenEndpointLog implements ClientLogger {

    private static final Logger LOG = Logger.getLogger(TokenEndpointLog.class);

    private final String cluster;

    TokenEndpointLog(String cluster) {
        this.cluster = cluster;
    }

    @Override
    public void setBodySize(int bodySize) {
        // bodies are never logged, so there is no size to cut them to
    }

    @Override
    public void logRequest(HttpClientRequest request, Buffer body, boolean omitBody) {
        LOG.infof("Token request to the control plane of cluster %s: %s %s (body withheld: it holds the client secret)",
                cluster, request.getMethod(), request.getURI());
    }

    @Override
    public void logResponse(HttpClientResponse response, boolean redirect) {
        LOG.infof("Token answer from the control plane of cluster %s: %d (body withheld: it holds the access token)",
                cluster, response.statusCode());
    }
}
