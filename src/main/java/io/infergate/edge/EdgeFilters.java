package io.infergate.edge;

import java.time.Duration;
import java.util.List;
import java.util.SortedSet;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.infergate.api.AllowedMethods;
import io.infergate.api.ApiError;
import io.infergate.contract.ContractConfig;
import io.infergate.contract.JsonBodyReader;
import io.infergate.error.GatewayException;
import io.infergate.upstream.ForwardedHeaders;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * What happens at the HTTP edge before and around the REST layer: every request gets an {@code X-Request-Id} (the
 * caller's when it is sane, else a new one) that is echoed on the response and sent upstream; a request carries at most
 * one credential; an OPTIONS is answered with the methods of its path; an HTTP/2 stream's body is bounded in time; and
 * errors the HTTP server raises by itself (unknown path or method, body too large) are answered in the vendor
 * {@code Error} shape, not as an HTML page. What happens before a request reaches the router (a refused or late
 * request head, an HTTP/1.x body too slow) is {@link HeadWatch}'s and {@link RequestHeadDeadline}'s.
 */
@Singleton
class EdgeFilters {

    /** Short, printable, and free of anything that could split a header or a log line. */
    private static final Pattern SANE_REQUEST_ID = Pattern.compile("^[A-Za-z0-9._:/+=@-]{1,128}$");
    /** RST_STREAM codes (RFC 9113 section 7). */
    private static final long NO_ERROR = 0x0;
    private static final long CANCEL = 0x8;

    private final ObjectMapper mapper;
    private final long maxBodySize;
    private final AllowedMethods allowed;
    private final Duration bodyTimeout;

    EdgeFilters(ObjectMapper mapper, ContractConfig contract, AllowedMethods allowed, EdgeConfig edge) {
        this.mapper = mapper;
        this.maxBodySize = contract.maxBodySize().asLongValue();
        this.allowed = allowed;
        this.bodyTimeout = edge.requestBodyTimeout();
    }

    /**
     * Priorities above 2 run before Quarkus's own body-size check, which would end an oversized request with an empty
     * 413. A body without {@code Content-Length} is measured as it is read, by {@link JsonBodyReader}. The HTTP/2 body
     * clock comes first, so that every early answer after it resets its stream.
     */
    void registerFilters(@Observes Filters filters) {
        filters.register(EdgeFilters::assignRequestId, 1000);
        filters.register(this::boundHttp2Body, 999);
        filters.register(this::refuseSecondCredential, 998);
        filters.register(this::rejectOversizedBody, 997);
        filters.register(this::answerOptions, 996);
    }

    /**
     * The router's error pages answer requests no route matched; a route's handler that fails with 405 goes to the
     * failure handlers instead, where Quarkus would answer it without a body or {@code Allow}: the first failure handler
     * answers it as the page does.
     */
    void registerErrorPages(@Observes Router router) {
        router.errorHandler(404, context -> answer(context, ApiError.unknownPath()));
        router.errorHandler(405, context -> notAllowed(context, allowed.at(router, context.normalizedPath())));
        router.route().order(Integer.MIN_VALUE).failureHandler(context -> {
            if (context.statusCode() == 405) {
                notAllowed(context, allowed.at(router, context.normalizedPath()));
            } else {
                context.next();
            }
        });
        router.errorHandler(413, context -> answer(context, tooLarge()));
        router.errorHandler(500, context -> answer(context, new ApiError(500, GatewayException.SOMETHING_WENT_WRONG,
                "InferGate failed unexpectedly; see its logs.")));
    }

    /**
     * A random (version 4) UUID from the thread's own generator: a request id only has to be unique, not unguessable,
     * and {@link UUID#randomUUID()} takes each one from the shared {@code SecureRandom}.
     */
    static String newRequestId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = random.nextLong() & ~0xF000L | 0x4000L;
        long low = random.nextLong() & ~(0x3L << 62) | 1L << 63;
        return new UUID(high, low).toString();
    }

    private static void assignRequestId(RoutingContext context) {
        String given = context.request().getHeader(ForwardedHeaders.REQUEST_ID);
        String requestId = given != null && SANE_REQUEST_ID.matcher(given).matches() ? given : newRequestId();
        context.request().headers().set(ForwardedHeaders.REQUEST_ID, requestId);
        context.response().putHeader(ForwardedHeaders.REQUEST_ID, requestId);
        context.next();
    }

    /**
     * Over HTTP/1.x, {@link RequestHeadDeadline} times the body and {@link HeadWatch} closes a connection answered before
     * its body was read. Over HTTP/2 the same is done to the stream, not the connection the stream shares with others:
     * a body still not whole after the deadline is answered 408 (reset, if answered already), and a stream answered
     * before its body ended is reset with NO_ERROR, which tells the client to stop sending it (RFC 9113 section 8.1).
     */
    private void boundHttp2Body(RoutingContext context) {
        HttpServerRequest request = context.request();
        if (request.version() == HttpVersion.HTTP_2 && !request.isEnded()) {
            long timer = bodyTimeout.isZero() || bodyTimeout.isNegative()
                    ? -1
                    : context.vertx().setTimer(bodyTimeout.toMillis(), fired -> http2BodyTooSlow(context));
            context.addEndHandler(ended -> {
                context.vertx().cancelTimer(timer);
                if (!request.isEnded()) {
                    request.response().reset(NO_ERROR);
                }
            });
        }
        context.next();
    }

    private void http2BodyTooSlow(RoutingContext context) {
        if (context.request().isEnded() || context.response().ended()) {
            return;
        }
        if (context.response().headWritten()) {
            context.response().reset(CANCEL);
        } else {
            answer(context, EdgeResponses.bodyTimeoutError(bodyTimeout));
        }
    }

    /**
     * One request, one identity: the credential that is authenticated must be the only one, or what travels upstream
     * (or what a log or a later hop reads) could be another. Before authentication, on every route.
     */
    private void refuseSecondCredential(RoutingContext context) {
        List<String> credentials = context.request().headers().getAll(HttpHeaders.AUTHORIZATION);
        if (credentials.size() > 1 || credentials.size() == 1 && credentials.get(0).indexOf(',') >= 0) {
            answer(context, new ApiError(400, "More than one credential",
                    "Send one Authorization header holding one bearer token: Authorization: Bearer <access token>."));
            return;
        }
        context.next();
    }

    private void rejectOversizedBody(RoutingContext context) {
        String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && exceeds(length)) {
            // The body is not read, so the connection cannot carry another request: HeadWatch says Connection: close
            // and closes it (HTTP/1.x), boundHttp2Body resets the stream (HTTP/2).
            answer(context, tooLarge());
            return;
        }
        context.next();
    }

    /** RESTEasy Reactive would list every method of the resource class, whatever the path. */
    private void answerOptions(RoutingContext context) {
        if (context.request().method() == HttpMethod.OPTIONS) {
            SortedSet<String> methods = allowed.at(context.normalizedPath());
            if (!methods.isEmpty()) {
                context.response().setStatusCode(204).putHeader(HttpHeaders.ALLOW, String.join(", ", methods)).end();
                return;
            }
        }
        context.next();
    }

    private void notAllowed(RoutingContext context, SortedSet<String> methods) {
        context.response().putHeader(HttpHeaders.ALLOW, String.join(", ", methods));
        answer(context, AllowedMethods.notAllowed(methods));
    }

    private boolean exceeds(String contentLength) {
        try {
            return Long.parseLong(contentLength.trim()) > maxBodySize;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private ApiError tooLarge() {
        return ApiError.of(GatewayException.payloadTooLarge(maxBodySize));
    }

    private void answer(RoutingContext context, ApiError error) {
        if (context.response().ended()) {
            return;
        }
        int status = error.code();
        String body;
        try {
            body = mapper.writeValueAsString(error);
        } catch (JsonProcessingException e) {
            // status and body must agree, even here
            status = 500;
            body = "{\"code\":500,\"message\":\"" + GatewayException.SOMETHING_WENT_WRONG + "\"}";
        }
        context.response()
                .setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(body);
    }
}
