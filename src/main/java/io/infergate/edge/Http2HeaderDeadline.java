package io.infergate.edge;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http2.Http2ConnectionHandler;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;

/**
 * The request-head deadline of an HTTP/2 connection: the client's connection preface, every header block (a HEADERS
 * frame and the CONTINUATION frames up to END_HEADERS) and every other frame but DATA must arrive whole within the
 * deadline of its first byte; a connection that trickles one longer gets a GOAWAY (ENHANCE_YOUR_CALM) and is closed.
 * DATA is a request body: its time is the body deadline's ({@link EdgeFilters}). Between frames a connection is idle,
 * which {@code quarkus.http.idle-timeout} governs.
 * <p>
 * Sits right before Vert.x's HTTP/2 handler, where the bytes are plain (after TLS, after the h2c switch), and reads the
 * frame headers as they pass without consuming anything. A frame that arrives whole in one read costs no timer; the
 * clock runs only while something is incomplete at the end of a read. Placed by {@link RequestHeadDeadline#handOverToHttp2}
 * once a connection is known to speak HTTP/2.
 */
final class Http2HeaderDeadline extends ChannelInboundHandlerAdapter {

    static final String NAME = "infergate-http2-header-deadline";

    private static final Logger LOG = Logger.getLogger(Http2HeaderDeadline.class);
    /** {@code PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n} (RFC 9113 section 3.4). */
    private static final int PREFACE_LENGTH = 24;
    private static final int FRAME_HEADER_LENGTH = 9;
    private static final int DATA = 0x0;
    private static final int HEADERS = 0x1;
    private static final int PUSH_PROMISE = 0x5;
    private static final int CONTINUATION = 0x9;
    private static final int END_HEADERS = 0x4;
    private static final byte[] REASON = "request head not received in time".getBytes(StandardCharsets.US_ASCII);

    private final long timeoutNanos;
    private final byte[] frameHeader = new byte[FRAME_HEADER_LENGTH];
    /** The first clock's bound: what was left of the HTTP/1.x clock the preface's first bytes started. */
    private long nextBound;
    private ChannelHandlerContext context;
    private ScheduledFuture<?> deadline;
    private int prefaceLeft = PREFACE_LENGTH;
    private int headerRead;
    private int payloadLeft;
    private boolean dataFrame;
    private boolean inHeaderBlock;
    private boolean expired;

    private Http2HeaderDeadline(long timeoutNanos, long firstBoundNanos) {
        this.timeoutNanos = timeoutNanos;
        this.nextBound = firstBoundNanos;
    }

    /**
     * @param firstBoundNanos the bound of the first clock (the preface's), at most {@code timeoutNanos}
     * @return whether the pipeline has an HTTP/2 handler to put the deadline before (and has none yet)
     */
    static boolean install(ChannelPipeline pipeline, long timeoutNanos, long firstBoundNanos) {
        ChannelHandlerContext http2 = pipeline.context(Http2ConnectionHandler.class);
        if (http2 == null || pipeline.get(NAME) != null) {
            return false;
        }
        pipeline.addBefore(http2.name(), NAME, new Http2HeaderDeadline(timeoutNanos, firstBoundNanos));
        return true;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.context = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (expired) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof ByteBuf bytes) {
            scan(bytes);
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        stopClock();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        stopClock();
    }

    /**
     * Follows the frames through the bytes of one read, then runs the clock if a unit (the preface, a frame, a header
     * block) is left incomplete: anew if one was completed in this read, since the incomplete one began after it.
     */
    private void scan(ByteBuf bytes) {
        boolean completed = false;
        int at = bytes.readerIndex();
        int end = bytes.writerIndex();
        while (at < end) {
            if (prefaceLeft > 0) {
                int taken = Math.min(prefaceLeft, end - at);
                prefaceLeft -= taken;
                at += taken;
                completed |= prefaceLeft == 0;
            } else if (payloadLeft > 0) {
                int taken = Math.min(payloadLeft, end - at);
                payloadLeft -= taken;
                at += taken;
                completed |= payloadLeft == 0 && !inHeaderBlock;
            } else {
                frameHeader[headerRead++] = bytes.getByte(at++);
                if (headerRead == FRAME_HEADER_LENGTH) {
                    headerRead = 0;
                    frameStarted();
                    completed |= payloadLeft == 0 && !inHeaderBlock;
                }
            }
        }
        boolean pending = prefaceLeft > 0 || headerRead > 0 || inHeaderBlock || payloadLeft > 0 && !dataFrame;
        if (!pending) {
            stopClock();
        } else if (deadline == null || completed) {
            stopClock();
            deadline = context.executor().schedule(this::expire, completed ? timeoutNanos : nextBound,
                    TimeUnit.NANOSECONDS);
            nextBound = timeoutNanos;
        }
    }

    private void frameStarted() {
        payloadLeft = (frameHeader[0] & 0xff) << 16 | (frameHeader[1] & 0xff) << 8 | frameHeader[2] & 0xff;
        int type = frameHeader[3] & 0xff;
        dataFrame = type == DATA;
        if (type == HEADERS || type == PUSH_PROMISE || type == CONTINUATION) {
            inHeaderBlock = (frameHeader[4] & END_HEADERS) == 0;
        }
    }

    private void expire() {
        deadline = null;
        if (!context.channel().isActive()) {
            return;
        }
        expired = true;
        LOG.debugf("Closing the HTTP/2 connection from %s: a frame or header block not whole %d ms after its first byte",
                context.channel().remoteAddress(), TimeUnit.NANOSECONDS.toMillis(timeoutNanos));
        ChannelHandlerContext http2Context = context.pipeline().context(Http2ConnectionHandler.class);
        if (http2Context == null) {
            context.channel().close();
            return;
        }
        Http2ConnectionHandler http2 = (Http2ConnectionHandler) http2Context.handler();
        http2.goAway(http2Context, http2.connection().remote().lastStreamCreated(), Http2Error.ENHANCE_YOUR_CALM.code(),
                Unpooled.wrappedBuffer(REASON), http2Context.newPromise())
                .addListener(ChannelFutureListener.CLOSE);
        http2Context.flush();
    }

    private void stopClock() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }
}
