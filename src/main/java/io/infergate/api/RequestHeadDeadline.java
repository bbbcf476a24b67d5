package io.infergate.api;

import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;

/**
 * Closes a connection whose request head (request line and headers) does not arrive within a bound of the request's
 * first byte, so a client that trickles its headers a byte at a time (slowloris) holds the connection for that bound,
 * not for as long as it keeps trickling. Vert.x's idle timeout cannot do this: any byte resets it.
 * <p>
 * One instance per accepted connection, first in its pipeline, so it sees every byte that arrives (still encrypted,
 * under TLS). It starts the clock on the first byte that arrives while no request is being read; the
 * {@link HeadWatch} behind the HTTP decoder stops it when a whole head has been decoded and tells it when a request has
 * been read to its end. A connection idle between requests is not timed here: {@code quarkus.http.idle-timeout}
 * governs it. A connection that turns out not to speak HTTP/1.x (HTTP/2, or a non-HTTP server of the same Vert.x
 * instance) is let go: {@link #standDown()}.
 * <p>
 * Everything runs on the connection's event loop; the deadline is a task scheduled on it, never a blocking wait.
 */
final class RequestHeadDeadline extends ChannelInboundHandlerAdapter {

    static final String NAME = "infergate-request-head-deadline";

    private static final Logger LOG = Logger.getLogger(RequestHeadDeadline.class);

    private final long timeoutNanos;
    private final EdgeResponses responses;
    private ChannelHandlerContext context;
    private HeadWatch watch;
    private ScheduledFuture<?> deadline;
    private boolean readingRequest;
    private boolean standingDown;

    RequestHeadDeadline(long timeoutNanos, EdgeResponses responses) {
        this.timeoutNanos = timeoutNanos;
        this.responses = responses;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.context = ctx;
    }

    /**
     * By now Vert.x has set up the rest of the pipeline (its initializer runs before registration completes), so the
     * watch can find its place.
     */
    @Override
    public void channelRegistered(ChannelHandlerContext ctx) {
        HeadWatch.install(ctx.pipeline(), this, responses);
        ctx.fireChannelRegistered();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!standingDown && !readingRequest && deadline == null && msg instanceof ByteBuf bytes && bytes.isReadable()) {
            deadline = ctx.executor().schedule(this::expire, timeoutNanos, TimeUnit.NANOSECONDS);
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancel();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancel();
    }

    /** The watch is in place behind the HTTP/1.x codec and can answer on this connection. */
    void watchedBy(HeadWatch watch) {
        this.watch = watch;
    }

    /** A whole request head was decoded: the clock stops, and the body that may follow is not timed. */
    void headReceived() {
        cancel();
        readingRequest = true;
    }

    /** The request was read to its end: the next byte starts the clock for the next request. */
    void requestReceived() {
        readingRequest = false;
    }

    /**
     * The connection does not speak HTTP/1.x (any more), or has been answered: stop timing it for good. The handler
     * stays in the pipeline as a pass-through: Vert.x removes handlers by name while switching protocols, and one
     * that vanished under it would break the switch.
     */
    void standDown() {
        standingDown = true;
        cancel();
    }

    private void expire() {
        deadline = null;
        if (standingDown || !context.channel().isActive()) {
            return;
        }
        LOG.debugf("Closing the connection from %s: no whole request head %d ms after its first byte",
                context.channel().remoteAddress(), TimeUnit.NANOSECONDS.toMillis(timeoutNanos));
        if (watch != null && watch.canAnswer()) {
            watch.answer(responses.requestTimeout());
        } else {
            context.channel().close();
        }
    }

    private void cancel() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }
}
