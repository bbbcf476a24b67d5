package io.infergate.api;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

/**
 * Sits right behind Vert.x's HTTP/1.x encoder, where decoded requests pass in and unencoded responses pass out, and
 * <ul>
 * <li>tells the connection's {@link RequestHeadDeadline} when a request head has been decoded and when the request
 * has been read to its end;</li>
 * <li>answers a head the decoder refused (request line too long, headers too large, malformed) itself, in the vendor
 * {@code Error} shape, instead of Vert.x's empty-bodied answer; it does so only while no response is owed on the
 * connection, else the refusal is left to Vert.x, which answers in order;</li>
 * <li>counts the responses owed, so that an answer of its own never interleaves with one of the application's.</li>
 * </ul>
 * Vert.x builds the HTTP/1.x part of the pipeline only once it knows the protocol: at once for plain HTTP without
 * h2c, after the first bytes with h2c (Quarkus' default), after the handshake with TLS. Until then a
 * {@link ProtocolProbe} waits at the end of the pipeline; the first bytes that reach it have passed whatever decided
 * the protocol, so it can put the watch in place before the HTTP decoder sees them, or let the connection go if it is
 * not HTTP/1.x.
 */
final class HeadWatch extends ChannelDuplexHandler {

    static final String NAME = "infergate-head-watch";

    private final RequestHeadDeadline deadline;
    private final EdgeResponses responses;
    private ChannelHandlerContext context;
    private int responsesOwed;
    private boolean answered;
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
     * Removed from a live connection (Vert.x clears the pipeline after an h2c upgrade): nothing would stop the clock
     * any more, so it must not run.
     */
    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            deadline.standDown();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (answered) {
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
            responsesOwed++;
            deadline.headReceived();
        }
        if (msg instanceof LastHttpContent) {
            deadline.requestReceived();
        } else if (!(msg instanceof HttpObject)) {
            // the connection switched protocols (h2c upgrade, WebSocket): what follows are no request heads
            switched = true;
            deadline.standDown();
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof LastHttpContent && !informational(msg) && responsesOwed > 0) {
            responsesOwed--;
        }
        ctx.write(msg, promise);
    }

    /** @return whether an answer of the watch's own would be the next response on the connection */
    boolean canAnswer() {
        return !answered && !switched && responsesOwed == 0;
    }

    /** Sends an answer of the edge's own, which ends the connection. */
    void answer(FullHttpResponse response) {
        answered = true;
        deadline.standDown();
        // from the tail of the pipeline, so that the encoder (and TLS) see it
        context.channel().writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    private static boolean informational(Object msg) {
        return msg instanceof HttpResponse response && response.status().codeClass() == HttpStatusClass.INFORMATIONAL;
    }

    /**
     * Waits at the end of a pipeline whose protocol is not decided yet (h2c detection, TLS handshake, PROXY header).
     * Whatever decided the protocol has built the rest of the pipeline before passing the first bytes on, so when they
     * reach the probe it either puts the watch behind the new HTTP/1.x codec (the bytes then reach the decoder, and
     * the decoded head the watch) or lets the connection go.
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
