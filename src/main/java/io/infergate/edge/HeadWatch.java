package io.infergate.edge;

import java.nio.channels.ClosedChannelException;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.Http2ConnectionHandler;
import io.netty.util.ReferenceCountUtil;

/**
 * Sits right behind Vert.x's HTTP/1.x encoder, where decoded requests pass in and unencoded responses pass out, and
 * <ul>
 * <li>tells the connection's {@link RequestHeadDeadline} when a request head has been decoded and when the request
 * has been read to its end;</li>
 * <li>answers a head the decoder refused (request line too long, headers too large, malformed) or one of another HTTP
 * version (the HTTP/2 preface, when h2c is off) itself, in the vendor {@code Error} shape, instead of Vert.x's
 * empty-bodied answer; it does so only while no response is owed on the
 * connection, else the refusal is left to Vert.x, which answers in order;</li>
 * <li>counts the responses owed, so that an answer of its own never interleaves with one of the application's;</li>
 * <li>ends the connection after a response that leaves the rest of the stream unframed or was told to: one that
 * answers a request whose body has not been read to its end (a 401, 413 or 415 before the body), which it marks
 * {@code Connection: close}, and one that says {@code Connection: close}. Vert.x itself closes only when the client
 * asked to. The end is staged ({@link Teardown}); what arrives after it is dropped.</li>
 * </ul>
 * Vert.x builds the HTTP/1.x part of the pipeline only once it knows the protocol: at once for plain HTTP without
 * h2c, after the first bytes with h2c, after the handshake with TLS. Until then a {@link ProtocolProbe} waits at the
 * end of the pipeline; the first bytes that reach it have passed whatever decided the protocol, so it can put the
 * watch in place before the HTTP decoder sees them, or hand an HTTP/2 connection over to its own deadline.
 */
final class HeadWatch extends ChannelDuplexHandler {

    static final String NAME = "infergate-head-watch";

    private final RequestHeadDeadline deadline;
    private final EdgeResponses responses;
    private ChannelHandlerContext context;
    private int responsesOwed;
    /** A response's head has been written and its end not yet. */
    private boolean responding;
    /** The response being written is the connection's last. */
    private boolean lastResponse;
    /** The connection has had its last response: what arrives, or is written, from now on is dropped. */
    private boolean ended;
    /** The write of the connection's last answer, once it has begun. */
    private ChannelFuture lastAnswer;
    private boolean switched;

    private HeadWatch(RequestHeadDeadline deadline, EdgeResponses responses) {
        this.deadline = deadline;
        this.responses = responses;
    }

    /**
     * Puts the watch behind the HTTP/1.x encoder if the pipeline already has one, else a probe at its end.
     */
    static void install(ChannelPipeline pipeline, RequestHeadDeadline deadline, EdgeResponses responses) {
        if (!placeBehindCodec(pipeline, deadline, responses)) {
            pipeline.addLast(ProtocolProbe.NAME, new ProtocolProbe(deadline, responses));
        }
    }

    private static boolean placeBehindCodec(ChannelPipeline pipeline, RequestHeadDeadline deadline,
            EdgeResponses responses) {
        ChannelHandlerContext encoder = pipeline.context(HttpResponseEncoder.class);
        if (encoder == null || pipeline.get(HttpRequestDecoder.class) == null) {
            return false;
        }
        pipeline.addAfter(encoder.name(), NAME, new HeadWatch(deadline, responses));
        return true;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.context = ctx;
        deadline.watchedBy(this);
    }

    /**
     * Removed from a live connection: Vert.x clears the pipeline after an h2c upgrade (from then on the connection is
     * timed as HTTP/2) or a WebSocket handshake (not timed any more: nothing would stop the clock).
     */
    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            deadline.handOverToHttp2(ctx.pipeline());
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (ended) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (switched) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (msg instanceof HttpRequest request) {
            if (request.decoderResult().isFailure() && responsesOwed == 0) {
                FullHttpResponse refusal = responses.refusedHead(request.decoderResult().cause());
                ReferenceCountUtil.release(msg);
                answer(refusal);
                return;
            }
            if (request.protocolVersion().majorVersion() != 1 && responsesOwed == 0) {
                // Vert.x would answer 501 in an HTTP/1.x response that names the request's version, without a body
                ReferenceCountUtil.release(msg);
                answer(responses.versionNotSupported());
                return;
            }
            responsesOwed++;
            deadline.headReceived(announcesBody(request));
        }
        if (msg instanceof LastHttpContent) {
            deadline.requestReceived();
        } else if (!(msg instanceof HttpObject)) {
            // the connection switched protocols (h2c upgrade, WebSocket): what follows are no request heads, and after
            // an h2c upgrade the bytes left over from the upgrade request are HTTP/2 frames, to be timed as such
            switched = true;
            deadline.handOverToHttp2(ctx.pipeline());
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (ended) {
            ReferenceCountUtil.release(msg);
            // Not before the last answer is on the wire: what Vert.x or Quarkus writes after it (an empty buffer whose
            // listener closes the connection, during a graceful shutdown) would otherwise close it at once, and a close
            // discards the answer still waiting to be flushed.
            lastAnswer.addListener(written -> promise.tryFailure(new ClosedChannelException()));
            return;
        }
        if (msg instanceof HttpResponse response && !informational(msg)) {
            responding = true;
            if (responsesOwed == 1 && deadline.readingBody()) {
                // the rest of this request's body would be read as the next request
                response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            }
            lastResponse = !HttpUtil.isKeepAlive(response);
        }
        if (msg instanceof LastHttpContent && !informational(msg)) {
            responding = false;
            if (responsesOwed > 0) {
                responsesOwed--;
            }
            if (lastResponse) {
                ChannelPromise written = promise.unvoid();
                ctx.write(msg, written);
                lastAnswer = written;
                ended = true;
                deadline.standDown();
                Teardown.after(written);
                return;
            }
        }
        ctx.write(msg, promise);
    }

    /** @return whether an answer of the watch's own would be the next response on the connection */
    boolean canAnswer() {
        return !ended && !switched && responsesOwed == 0;
    }

    /** @return whether an answer of the watch's own would be the response to the request being read */
    boolean canAnswerBody() {
        return !ended && !switched && responsesOwed == 1 && !responding;
    }

    /** Sends an answer of the edge's own, which ends the connection ({@code Connection: close}, see {@link #write}). */
    void answer(FullHttpResponse response) {
        // from the tail of the pipeline, so that the encoder (and TLS) see it
        context.channel().writeAndFlush(response);
    }

    private static boolean announcesBody(HttpRequest request) {
        try {
            return HttpUtil.isTransferEncodingChunked(request) || HttpUtil.getContentLength(request, 0L) > 0;
        } catch (NumberFormatException e) {
            // a head the decoder refused, behind a request still owed an answer: Vert.x answers it and closes
            return false;
        }
    }

    private static boolean informational(Object msg) {
        return msg instanceof HttpResponse response && response.status().codeClass() == HttpStatusClass.INFORMATIONAL;
    }

    /**
     * Waits at the end of a pipeline whose protocol is not decided yet (h2c detection, TLS handshake, PROXY header).
     * Whatever decided the protocol has built the rest of the pipeline before passing the first bytes on, so when they
     * reach the probe it either puts the watch behind the new HTTP/1.x codec (the bytes then reach the decoder, and
     * the decoded head the watch), or hands an HTTP/2 connection over to its deadline, or lets the connection go.
     */
    static final class ProtocolProbe extends ChannelInboundHandlerAdapter {

        static final String NAME = "infergate-protocol-probe";

        private final RequestHeadDeadline deadline;
        private final EdgeResponses responses;
        private boolean handedOver;

        ProtocolProbe(RequestHeadDeadline deadline, EdgeResponses responses) {
            this.deadline = deadline;
            this.responses = responses;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ChannelPipeline pipeline = ctx.pipeline();
            handedOver = placeBehindCodec(pipeline, deadline, responses);
            if (!handedOver && pipeline.get(Http2ConnectionHandler.class) != null) {
                deadline.handOverToHttp2(pipeline);
                handedOver = true;
            }
            pipeline.remove(this);
            // a removed handler still passes events on to the handler that followed it
            ctx.fireChannelRead(msg);
        }

        @Override
        public void handlerRemoved(ChannelHandlerContext ctx) {
            if (!handedOver && ctx.channel().isActive()) {
                deadline.standDown();
            }
        }
    }
}
