package io.infergate.upstream;

import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import io.infergate.cluster.Cluster;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.http.HttpClient;
import io.vertx.mutiny.core.http.HttpClientRequest;

/**
 * One request's hold on a pooled connection. Abandoned (timed out, answer refused) it resets the request on the wire;
 * cancelled once sent, it lets the answer be read to its end and dropped instead; abandoned or cancelled while still
 * waiting in the pool's queue, it resets the request the pool hands over later, so the connection goes back to the
 * pool instead of staying leased by a request nobody will send.
 */
final class Lease {

    private final HttpClient client;
    private final Cluster cluster;
    private final PoolMeters pool;
    private final AtomicReference<HttpClientRequest> request = new AtomicReference<>();
    /**
     * Set once the whole answer has been read, and with it the connection given back; before the answer is checked,
     * so a refused answer (not JSON) is never reset.
     */
    private volatile boolean answered;
    /** Counted in {@code leased}: handed over to be sent, and not yet released. */
    private final AtomicBoolean holding = new AtomicBoolean();
    private volatile boolean abandoned;
    /** Set once the request is being written: from then on a cancellation drains instead of resetting. */
    private volatile boolean sent;
    /** Set when the caller is gone: the answer, if one comes, is read and dropped, not kept or checked. */
    private volatile boolean cancelled;

    Lease(HttpClient client, Cluster cluster, PoolMeters pool) {
        this.client = client;
        this.cluster = cluster;
        this.pool = pool;
    }

    Uni<HttpClientRequest> acquire(RequestOptions options) {
        return Uni.createFrom().emitter(emitter -> {
            long asked = pool.waiting();
            client.getDelegate().request(options).onComplete(result -> {
                pool.waited(asked);
                if (result.failed()) {
                    emitter.fail(result.cause());
                    return;
                }
                handOver(HttpClientRequest.newInstance(result.result()), emitter);
            });
        });
    }

    private void handOver(HttpClientRequest acquired, UniEmitter<? super HttpClientRequest> emitter) {
        // a request's failure reaches the exchange through its answer; one reset before it was written has no
        // answer, and without a handler Vert.x reports that reset at ERROR
        acquired.getDelegate().exceptionHandler(failure -> Log.debugf("Request to cluster %s ended: %s",
                cluster.name(), failure.getMessage()));
        request.set(acquired);
        if (abandoned) {
            // nobody will send it: its connection goes back to the pool, and the exchange ends here
            acquired.reset();
            emitter.fail(new CancellationException("abandoned before it was sent"));
        } else {
            holding.set(true);
            pool.leased();
            emitter.complete(acquired);
        }
    }

    boolean acquired() {
        return request.get() != null;
    }

    /** Once the exchange is over, however it ended: the connection is back in the pool, or closed. */
    void release() {
        if (holding.compareAndSet(true, false)) {
            pool.released();
        }
    }

    /**
     * Resets the request, unless its answer has been read in full: Vert.x has then given the connection back to the
     * pool, maybe already to the next request, and a reset would close it under that one.
     */
    void abandon() {
        abandoned = true;
        HttpClientRequest held = request.get();
        if (held == null) {
            return;
        }
        if (!answered) {
            held.reset();
        }
    }

    /** Called when the answer has ended. */
    void answered() {
        answered = true;
    }

    /** Called as the request starts being written. */
    void sending() {
        sent = true;
    }

    /**
     * @return whether the caller is gone, so the answer is to be dropped
     */
    boolean cancelled() {
        return cancelled;
    }

    /**
     * The caller is gone (it hung up, or another cluster answered a fan-out first). A request not yet written is
     * reset; one already written is left to finish and its answer read to the end and dropped, so its connection
     * returns to the pool whole: Vert.x 4.5 closes the connection on a reset even when the answer has just ended and
     * the connection already serves the next request, a moment no check on this side can rule out. The request's idle
     * timeout ({@code request-timeout}) bounds an answer that never comes.
     */
    void cancel() {
        cancelled = true;
        if (request.get() == null || !sent) {
            abandon();
        }
    }
}
