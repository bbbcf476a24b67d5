package io.infergate.edge;

import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.util.concurrent.ScheduledFuture;

/**
 * Closes a connection whose request head (request line and headers) does not arrive within a bound of the request's
 * first byte, or whose body does not arrive within a bound of its head, so a client that trickles its headers a byte
 * at a time (slowloris) or its body (slow POST) holds the connection for that bound, not for as long as it keeps
 * trickling. Vert.x's idle timeout cannot do this: any byte resets it.
 * <p>
 * One instance per accepted connection, first in its pipeline, so it sees every byte that arrives (still encrypted,
 * under TLS). It starts the head clock on the first byte that arrives while no request is being read; the
 * {@link HeadWatch} behind the HTTP decoder stops it when a whole head has been decoded, which starts the body clock if
 * a body follows, and tells it when the request has been read to its end. A connection idle between requests is not
 * timed here: {@code quarkus.http.idle-timeout} governs it. A connection that turns out to speak HTTP/2 is handed over
 * to an {@link Http2HeaderDeadline}; one that speaks something else (a WebSocket, a non-HTTP server of the same Vert.x
 * instance) is let go: {@link #standDown()}.
 * <p>
 * Everything runs on the connection's event loop; the deadlines are tasks scheduled on it, never a blocking wait.
 */
final class RequestHeadDeadline extends ChannelInboundHandlerAdapter {

    static final String NAME = "infergate-request-head-deadline";

    private static final Logger LOG = Logger.getLogger(RequestHeadDeadline.class);

    private final long headNanos;
    private final long bodyNanos;
    private final EdgeResponses responses;
    private ChannelHandlerContext context;
    private HeadWatch watch;
    private ScheduledFuture<?> headDeadline;
    private long headClockStart;
    private ScheduledFuture<?> bodyDeadline;
    private boolean readingRequest;
    private boolean bodyFollows;
    private boolean standingDown;

    /**
     * @param headNanos the head deadline, {@code 0} for none
     * @param bodyNanos the body deadline, {@code 0} for none
     */
    RequestHeadDeadline(long headNanos, long bodyNanos, EdgeResponses responses) {
        this.headNanos = headNanos;
        this.bodyNanos = bodyNanos;
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
        if (headNanos > 0 && !standingDown && !readingRequest && headDeadline == null && msg instanceof ByteBuf bytes
                && bytes.isReadable()) {
            headClockStart = System.nanoTime();
            headDeadline = ctx.executor().schedule(this::headExpired, headNanos, TimeUnit.NANOSECONDS);
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

    /**
     * A whole request head was decoded: the head clock stops, and the body clock starts if a body follows.
     *
     * @param bodyFollows whether the head announces a body ({@code Content-Length} above 0, or chunked)
     */
    void headReceived(boolean bodyFollows) {
        cancelHead();
        readingRequest = true;
        this.bodyFollows = bodyFollows;
        if (bodyFollows && bodyNanos > 0 && !standingDown) {
            bodyDeadline = context.executor().schedule(this::bodyExpired, bodyNanos, TimeUnit.NANOSECONDS);
        }
    }

    /** The request was read to its end: the body clock stops, and the next byte starts the head clock. */
    void requestReceived() {
        cancelBody();
        readingRequest = false;
    }

    /**
     * @return whether a request's head announced a body that has not been received to its end (a head without one is
     *         followed by its end at once, but Vert.x may answer before the decoder gets there)
     */
    boolean readingBody() {
        return readingRequest && bodyFollows;
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

    /**
     * The connection turned out to speak HTTP/2 (by prior knowledge, ALPN or an {@code Upgrade: h2c} just answered):
     * its frames are timed from now on by an {@link Http2HeaderDeadline} placed before Vert.x's HTTP/2 handler, which
     * inherits what is left of a head clock already running (the connection preface's first bytes started it).
     */
    void handOverToHttp2(ChannelPipeline pipeline) {
        long left = headDeadline == null ? headNanos : headNanos - (System.nanoTime() - headClockStart);
        standDown();
        if (headNanos > 0) {
            Http2HeaderDeadline.install(pipeline, headNanos, Math.max(1, left));
        }
    }

    private void headExpired() {
        headDeadline = null;
        if (standingDown || !context.channel().isActive()) {
            return;
        }
        LOG.debugf("Closing the connection from %s: no whole request head %d ms after its first byte",
                context.channel().remoteAddress(), TimeUnit.NANOSECONDS.toMillis(headNanos));
        if (watch != null && watch.canAnswer()) {
            watch.answer(responses.requestTimeout());
        } else {
            context.channel().close();
        }
    }

    private void bodyExpired() {
        bodyDeadline = null;
        if (standingDown || !context.channel().isActive()) {
            return;
        }
        LOG.debugf("Closing the connection from %s: no whole request body %d ms after its head",
                context.channel().remoteAddress(), TimeUnit.NANOSECONDS.toMillis(bodyNanos));
        if (watch != null && watch.canAnswerBody()) {
            watch.answer(responses.bodyTimeout());
        } else {
            context.channel().close();
        }
    }

    private void cancel() {
        cancelHead();
        cancelBody();
    }

    private void cancelHead() {
        if (headDeadline != null) {
            headDeadline.cancel(false);
            headDeadline = null;
        }
    }

    private void cancelBody() {
        if (bodyDeadline != null) {
            bodyDeadline.cancel(false);
            bodyDeadline = null;
        }
    }
}
