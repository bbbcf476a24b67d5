package io.infergate.edge;

import java.time.Duration;
import java.util.NoSuchElementException;

import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ServerChannel;
import io.smallrye.config.SmallRyeConfig;
import io.vertx.core.impl.VertxBuilder;
import io.vertx.core.impl.transports.JDKTransport;
import io.vertx.core.spi.VertxServiceProvider;
import io.vertx.core.spi.transport.Transport;

/**
 * Gives every connection accepted by InferGate's Vert.x instance a {@link RequestHeadDeadline} (which also watches the
 * connection's HTTP/1.x framing through {@link HeadWatch}, and hands HTTP/2 to an {@link Http2HeaderDeadline}).
 * <p>
 * Neither Quarkus 3.33 nor Vert.x 4.5 has a hook that sees a connection before its first request head is complete:
 * Quarkus creates the HTTP server itself and sets its connection handler only for {@code max-connections}, and with h2c
 * on Vert.x calls that handler only once the first head has been decoded. What Vert.x does offer is its
 * service-provider SPI, which may replace the {@link Transport} Vert.x creates its channels with. This provider keeps
 * the JDK transport Vert.x picked and only adds, to each server socket channel, a handler that equips every accepted
 * connection with the deadline before Vert.x's own initializer runs.
 * <p>
 * Loaded through {@code META-INF/services/io.vertx.core.spi.VertxServiceProvider}: Quarkus instantiates it at build time
 * and Vert.x calls {@link #init} when it starts, at runtime init, when the configuration is available. Hence public,
 * with a public no-argument constructor. A Vert.x instance without InferGate's configuration (a test that starts its
 * own) is left as it is.
 */
public final class EdgeVertxServices implements VertxServiceProvider {

    private static final Logger LOG = Logger.getLogger(EdgeVertxServices.class);

    @Override
    public void init(VertxBuilder builder) {
        EdgeConfig config;
        try {
            config = ConfigProvider.getConfig().unwrap(SmallRyeConfig.class).getConfigMapping(EdgeConfig.class);
        } catch (NoSuchElementException | IllegalStateException e) {
            LOG.debug("No InferGate edge configuration: this Vert.x instance gets no request deadlines");
            return;
        }
        Duration head = config.requestHeadTimeout();
        Duration body = config.requestBodyTimeout();
        if (!positive(head)) {
            LOG.info("infergate.edge.request-head-timeout is 0: client connections have no request-head deadline");
        }
        if (!positive(body)) {
            LOG.info("infergate.edge.request-body-timeout is 0: client connections have no request-body deadline");
        }
        Transport found = builder.findTransport();
        if (found == null || found.getClass() != JDKTransport.class) {
            // a native transport would need a delegating wrapper, which would also misreport isNativeTransportEnabled()
            LOG.warnf("Vert.x uses the %s transport: client connections get no request deadlines",
                    found == null ? "default" : found.getClass().getSimpleName());
            return;
        }
        builder.findTransport(new GuardedJdkTransport(new ConnectionAcceptor(nanos(head), nanos(body),
                new EdgeResponses(head, body))));
    }

    private static boolean positive(Duration timeout) {
        return !timeout.isZero() && !timeout.isNegative();
    }

    /** @return the timeout in nanoseconds, {@code 0} for none */
    private static long nanos(Duration timeout) {
        return positive(timeout) ? timeout.toNanos() : 0;
    }

    /**
     * The JDK transport, whose server channels hand every accepted connection to the acceptor first. Extending it keeps
     * {@code Vertx.isNativeTransportEnabled()} true to what runs.
     */
    private static final class GuardedJdkTransport extends JDKTransport {

        private final ChannelHandler acceptor;

        GuardedJdkTransport(ChannelHandler acceptor) {
            this.acceptor = acceptor;
        }

        @Override
        public ChannelFactory<? extends ServerChannel> serverChannelFactory(boolean domainSocket) {
            ChannelFactory<? extends ServerChannel> plain = super.serverChannelFactory(domainSocket);
            return () -> {
                ServerChannel channel = plain.newChannel();
                // before the ServerBootstrap's own acceptor, which the bootstrap adds when it registers the channel
                channel.pipeline().addLast(acceptor);
                return channel;
            };
        }
    }

    /**
     * On a server channel, each message read is a newly accepted connection, not yet registered with its event loop:
     * the deadline added now comes first in its pipeline, ahead of everything Vert.x adds.
     */
    @ChannelHandler.Sharable
    private static final class ConnectionAcceptor extends ChannelInboundHandlerAdapter {

        private final long headNanos;
        private final long bodyNanos;
        private final EdgeResponses responses;

        ConnectionAcceptor(long headNanos, long bodyNanos, EdgeResponses responses) {
            this.headNanos = headNanos;
            this.bodyNanos = bodyNanos;
            this.responses = responses;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof Channel accepted) {
                accepted.pipeline().addLast(RequestHeadDeadline.NAME, new RequestHeadDeadline(headNanos, bodyNanos, responses));
            }
            ctx.fireChannelRead(msg);
        }
    }
}
