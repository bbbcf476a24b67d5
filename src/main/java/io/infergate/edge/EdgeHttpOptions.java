package io.infergate.edge;

import jakarta.inject.Singleton;

import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;

/**
 * The HTTP server options Quarkus has no key for: cleartext HTTP/2 (h2c) only when {@code infergate.edge.http2-cleartext}
 * asks for it. Quarkus has one switch, {@code quarkus.http.http2}, for both h2c and HTTP/2 over TLS; this keeps TLS's
 * (negotiated by ALPN, after the handshake) and takes h2c away from the plain-text server and the domain socket unless
 * configured, so that by default every plain-text connection is HTTP/1.x and meets the edge's HTTP/1.x limits first.
 */
@Singleton
class EdgeHttpOptions implements HttpServerOptionsCustomizer {

    private final boolean http2Cleartext;

    EdgeHttpOptions(EdgeConfig config) {
        this.http2Cleartext = config.http2Cleartext();
    }

    @Override
    public void customizeHttpServer(HttpServerOptions options) {
        cleartext(options);
    }

    @Override
    public void customizeDomainSocketServer(HttpServerOptions options) {
        cleartext(options);
    }

    /** Never turns h2c on where Quarkus turned it off ({@code quarkus.http.http2=false}). */
    private void cleartext(HttpServerOptions options) {
        options.setHttp2ClearTextEnabled(options.isHttp2ClearTextEnabled() && http2Cleartext);
    }
}
