package io.infergate.upstream;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.core.JsonFactory;

import io.infergate.cluster.Cluster;
import io.infergate.cluster.ClustersConfig.ClusterConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpClient;
import io.vertx.mutiny.core.http.HttpClientRequest;
import io.vertx.mutiny.core.http.HttpClientResponse;
import io.vertx.mutiny.core.http.HttpConnection;

/**
 * The connection pool and HTTP client for one control plane, built once at startup. Sends one request, classifies what
 * went wrong as an {@link UpstreamFailure}, and hands back only answers whose body is one JSON object
 * ({@link JsonObjectCheck}).
 */
public final class UpstreamClient {

    private final Cluster cluster;
    private final HttpClient client;
    private final Duration requestTimeout;
    private final long maxResponseSize;
    private final JsonObjectCheck objectCheck;
    private final PoolMeters pool;

    UpstreamClient(Vertx vertx, Cluster cluster, ClusterConfig config, JsonFactory json, MeterRegistry registry) {
        this.cluster = cluster;
        this.pool = new PoolMeters(registry, cluster, config);
        this.requestTimeout = config.requestTimeout();
        this.maxResponseSize = config.maxResponseSize().asLongValue();
        this.objectCheck = new JsonObjectCheck(json.streamReadConstraints());
        HttpClientOptions options = new HttpClientOptions()
                .setDefaultHost(cluster.url().getHost())
                .setDefaultPort(cluster.port())
                .setSsl(cluster.tls())
                .setVerifyHost(true)
                .setConnectTimeout(Math.toIntExact(config.connectTimeout().toMillis()))
                .setKeepAlive(true)
                .setIdleTimeout(Math.toIntExact(config.idleTimeout().toMillis()))
                .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
                .setName("infergate-" + cluster.name());
        PoolOptions pool = new PoolOptions()
                .setHttp1MaxSize(config.poolSize())
                .setMaxWaitQueueSize(config.poolWaitQueue());
        this.client = vertx.httpClientBuilder()
                .with(options)
                .with(pool)
                .withConnectHandler(this::quietOnReset)
                .build();
    }

    /**
     * A reset connection already fails its request as an {@link UpstreamFailure}, which is logged where it is answered;
     * without a handler Vert.x would log the same event again, at ERROR, with no cluster name.
     */
    private void quietOnReset(HttpConnection connection) {
        connection.exceptionHandler(failure -> Log.debugf("Connection to cluster %s failed: %s", cluster.name(),
                failure.getMessage()));
    }

    /**
     * @return the cluster this client talks to
     */
    public Cluster cluster() {
        return cluster;
    }

    /**
     * Sends one request. Cancelling the returned {@code Uni} resets the request on the wire while it is unwritten, and
     * otherwise lets its answer drain into the pool (see {@link Lease#cancel()}).
     *
     * @param request what to send
     * @return the answer, or an {@link UpstreamFailure}
     */
    public Uni<UpstreamResponse> send(UpstreamRequest request) {
        Lease lease = new Lease(client, cluster, pool);
        RequestOptions options = new RequestOptions()
                .setMethod(request.operation().method())
                .setURI(cluster.basePath() + request.path())
                // the wire's own bound for an answer left to drain after a cancellation (see Lease#cancel), when the
                // caller's time limit no longer runs
                .setIdleTimeout(requestTimeout.toMillis());
        request.headers().forEach((name, value) -> options.putHeader(ForwardedHeaders.wireName(name), value));
        options.putHeader(HttpHeaders.ACCEPT, "application/json");
        if (request.body() != null) {
            options.putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
        }
        Uni<UpstreamResponse> exchange = lease.acquire(options)
                .onFailure()
                .transform(failure -> new UpstreamFailure.Unreachable(cluster, failure))
                .chain(sent -> exchange(sent, request, lease))
                .onFailure(UpstreamFailure.Malformed.class)
                .invoke(lease::abandon)
                .onTermination()
                .invoke(lease::release);
        // cancelled or timed out, the exchange is told, not cancelled: it ends by itself (reset, drained, or refused)
        return Detached.within(exchange, lease::cancel, requestTimeout, () -> {
            UpstreamFailure.TimedOut timedOut = new UpstreamFailure.TimedOut(cluster, requestTimeout, lease.acquired());
            lease.abandon();
            return Uni.createFrom().failure(timedOut);
        });
    }

    private Uni<UpstreamResponse> exchange(HttpClientRequest sent, UpstreamRequest request, Lease lease) {
        lease.sending();
        Uni<HttpClientResponse> response = request.body() == null
                ? sent.send()
                : sent.send(Buffer.newInstance(request.body()));
        return response
                .chain(answer -> readBody(answer, lease))
                .onFailure(failure -> !(failure instanceof UpstreamFailure))
                .transform(failure -> new UpstreamFailure.ConnectionLost(cluster, failure));
    }

    /**
     * Reads the answer up to the size limit: a larger one fails at once (the request is then reset, so the rest is
     * never read), and a body cut short by the connection closing fails in Vert.x, so no truncated answer passes. The
     * answer to a cancelled request is read to its end (its connection then goes back to the pool) and not kept.
     */
    private Uni<UpstreamResponse> readBody(HttpClientResponse response, Lease lease) {
        String length = response.getHeader(HttpHeaders.CONTENT_LENGTH.toString());
        long declared = length != null && length.chars().allMatch(Character::isDigit) && length.length() < 19
                ? Long.parseLong(length)
                : -1;
        if (declared > maxResponseSize) {
            return Uni.createFrom().failure(tooLarge(response));
        }
        return response.toMulti()
                .collect()
                .in(() -> new Collected((int) declared), (body, chunk) -> append(response, body, chunk, lease))
                .invoke(lease::answered)
                .map(body -> lease.cancelled() ? null : checked(response, body.bytes()));
    }

    private void append(HttpClientResponse response, Collected body, Buffer chunk, Lease lease) {
        body.read += chunk.length();
        if (body.read > maxResponseSize) {
            throw tooLarge(response);
        }
        if (!lease.cancelled()) {
            body.add(chunk.getDelegate());
        }
    }

    /**
     * An answer's bytes as they arrive, on the request's event loop. Vert.x hands each chunk over as a heap buffer of its
     * own, so an answer that arrives in one chunk (most of them) is kept as it came, without a copy; one in several
     * chunks is joined into one buffer, sized by its {@code Content-Length} when it has one.
     */
    private static final class Collected {

        private final int declared;
        private long read;
        private io.vertx.core.buffer.Buffer bytes;
        private boolean joined;

        Collected(int declared) {
            this.declared = declared;
        }

        void add(io.vertx.core.buffer.Buffer chunk) {
            if (bytes == null) {
                bytes = chunk;
                return;
            }
            if (!joined) {
                io.vertx.core.buffer.Buffer first = bytes;
                bytes = io.vertx.core.buffer.Buffer.buffer(Math.max(declared, first.length() + chunk.length()));
                bytes.appendBuffer(first);
                joined = true;
            }
            bytes.appendBuffer(chunk);
        }

        io.vertx.core.buffer.Buffer bytes() {
            return bytes == null ? io.vertx.core.buffer.Buffer.buffer() : bytes;
        }
    }

    private UpstreamFailure.Malformed tooLarge(HttpClientResponse response) {
        return new UpstreamFailure.Malformed(cluster, response.statusCode(),
                response.getHeader(HttpHeaders.CONTENT_TYPE.toString()),
                "larger than the " + maxResponseSize + " bytes accepted");
    }

    private UpstreamResponse checked(HttpClientResponse response, io.vertx.core.buffer.Buffer body) {
        String contentType = response.getHeader(HttpHeaders.CONTENT_TYPE.toString());
        String problem = jsonObjectProblem(body);
        if (problem != null) {
            throw new UpstreamFailure.Malformed(cluster, response.statusCode(), contentType, problem);
        }
        return new UpstreamResponse(cluster, response.statusCode(),
                ForwardedHeaders.towardsCaller(response.statusCode(), response.headers().getDelegate()), body);
    }

    /**
     * One pass over the bytes as they were collected, without copying them and without tokenizing.
     */
    private String jsonObjectProblem(io.vertx.core.buffer.Buffer body) {
        BodyBytes bytes = BodyBytes.of(body);
        return objectCheck.problem(bytes.array(), bytes.from(), bytes.from() + bytes.length());
    }

    void close() {
        pool.close();
        client.closeAndForget();
    }
}
