package io.infergate.edge;

import java.util.concurrent.TimeUnit;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.ssl.SslHandler;

/**
 * Ends a connection after its last answer in stages, as RFC 9112 section 9.6 advises: once the answer is written the
 * write side is shut (the client reads the answer, then an end of stream), whatever the client still sends is read and
 * dropped by the handler that decided to end it, and the connection is closed when the client closes its side or
 * {@link #LINGER_MILLIS} later. Closing at once while the client is still sending (a body the answer made moot, the
 * rest of a trickled head) would make the kernel answer its next bytes with a reset, which can erase the answer from
 * the client's buffers before it has been read.
 */
final class Teardown {

    /** How long a client that keeps sending after its last answer is read and ignored before the connection closes. */
    static final long LINGER_MILLIS = 2_000;

    private Teardown() {
    }

    /**
     * @param lastAnswer the write of the connection's last answer
     */
    static void after(ChannelFuture lastAnswer) {
        lastAnswer.addListener(written -> shutOutput(lastAnswer.channel()));
    }

    private static void shutOutput(Channel channel) {
        if (!channel.isActive()) {
            return;
        }
        // keep reading even if the application had paused the connection, so what still arrives is drained, not reset
        channel.config().setAutoRead(true);
        channel.eventLoop().schedule(() -> channel.close(), LINGER_MILLIS, TimeUnit.MILLISECONDS);
        SslHandler tls = channel.pipeline().get(SslHandler.class);
        if (tls == null) {
            halfClose(channel);
        } else {
            tls.closeOutbound().addListener(closed -> halfClose(channel));
        }
    }

    private static void halfClose(Channel channel) {
        if (channel instanceof DuplexChannel duplex && channel.isActive()) {
            duplex.shutdownOutput();
        } else {
            channel.close();
        }
    }
}
