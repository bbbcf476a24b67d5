package io.infergate.edge;

import java.time.Duration;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.infergate.api.ApiError;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;

/**
 * The answers the edge gives on the wire itself, below Vert.x: a request head the parser refused, or a head or body
 * that did not arrive in time. Each is in the vendor {@code Error} shape and closes the connection, since the rest of the
 * stream can no
 * longer be framed. The bodies are serialized once, when the edge is set up, so answering never serializes.
 */
final class EdgeResponses {

    private final byte[] requestTimeout;
    private final byte[] bodyTimeout;
    private final byte[] uriTooLong;
    private final byte[] headersTooLarge;
    private final byte[] malformed;
    private final byte[] versionNotSupported;

    EdgeResponses(Duration requestHeadTimeout, Duration requestBodyTimeout) {
        ObjectMapper json = new ObjectMapper();
        this.requestTimeout = serialize(json, new ApiError(408, "Request head not received in time.",
                "The request line and headers must arrive within " + requestHeadTimeout.toMillis()
                        + " ms of the request's first byte."));
        this.bodyTimeout = serialize(json, bodyTimeoutError(requestBodyTimeout));
        this.uriTooLong = serialize(json, new ApiError(414, "URI too long.",
                "The request line is longer than InferGate accepts."));
        this.headersTooLarge = serialize(json, new ApiError(431, "Request headers too large.",
                "The request headers are larger than InferGate accepts."));
        this.malformed = serialize(json, new ApiError(400, "Malformed HTTP request.",
                "The request line or headers are not valid HTTP/1.1 (RFC 9112), or their framing is ambiguous."));
        this.versionNotSupported = serialize(json, new ApiError(505, "HTTP version not supported.",
                "Send HTTP/1.1 (cleartext HTTP/2 is off unless infergate.edge.http2-cleartext is set)."));
    }

    FullHttpResponse requestTimeout() {
        return answer(HttpResponseStatus.REQUEST_TIMEOUT, requestTimeout);
    }

    /** @return the 408 of a body that did not arrive in time, over HTTP/1.x (here) or HTTP/2 ({@link EdgeFilters}) */
    static ApiError bodyTimeoutError(Duration requestBodyTimeout) {
        return new ApiError(408, "Request body not received in time.",
                "The request body must arrive within " + requestBodyTimeout.toMillis() + " ms of the request head.");
    }

    /** The HTTP/2 connection preface read as an HTTP/1.x request line ({@code PRI * HTTP/2.0}), or any other version. */
    FullHttpResponse versionNotSupported() {
        return answer(HttpResponseStatus.HTTP_VERSION_NOT_SUPPORTED, versionNotSupported);
    }

    FullHttpResponse bodyTimeout() {
        return answer(HttpResponseStatus.REQUEST_TIMEOUT, bodyTimeout);
    }

    /**
     * @param cause why the HTTP decoder refused a request head
     * @return 414, 431 or 400, as Vert.x would pick them, but with a body
     */
    FullHttpResponse refusedHead(Throwable cause) {
        if (cause instanceof TooLongHttpLineException) {
            return answer(HttpResponseStatus.REQUEST_URI_TOO_LONG, uriTooLong);
        }
        if (cause instanceof TooLongHttpHeaderException) {
            return answer(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, headersTooLarge);
        }
        return answer(HttpResponseStatus.BAD_REQUEST, malformed);
    }

    private static FullHttpResponse answer(HttpResponseStatus status, byte[] body) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        return response;
    }

    private static byte[] serialize(ObjectMapper json, ApiError error) {
        try {
            return json.writeValueAsBytes(error);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize the edge's own " + error.code() + " body", e);
        }
    }
}
