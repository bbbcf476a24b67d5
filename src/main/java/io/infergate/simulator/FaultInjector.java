package io.infergate.simulator;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;

import org.jboss.logging.Logger;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;

/**
 * Applies the current {@link Faults} to an API request before its operation handler runs, when they are aimed at its
 * operation: latency first (a timer, never a sleep), then a connection reset, then an injected error, else the request
 * goes on untouched.
 */
final class FaultInjector {

    private static final Logger LOG = Logger.getLogger(FaultInjector.class);

    private final Vertx vertx;
    private final AtomicReference<Faults> current = new AtomicReference<>(Faults.NONE);

    FaultInjector(Vertx vertx) {
        this.vertx = vertx;
    }

    Faults current() {
        return current.get();
    }

    void set(Faults faults) {
        current.set(faults);
        LOG.debugf("Simulator faults now %s", faults);
    }

    /** A route handler that applies the faults aimed at {@code operation} and passes the request on. */
    Handler<RoutingContext> on(Operation operation) {
        return ctx -> handle(ctx, operation);
    }

    private void handle(RoutingContext ctx, Operation operation) {
        // one snapshot per request, so a fault change mid-request never mixes two configurations
        Faults faults = current.get();
        if (!faults.appliesTo(operation)) {
            ctx.next();
        } else if (faults.latencyMs() > 0) {
            vertx.setTimer(faults.latencyMs(), timer -> apply(ctx, faults));
        } else {
            apply(ctx, faults);
        }
    }

    private static void apply(RoutingContext ctx, Faults faults) {
        if (ctx.response().closed()) {
            // the client gave up during the injected latency
            return;
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        if (faults.resetRate() > 0 && random.nextDouble() < faults.resetRate()) {
            // the body handler already read the whole request, so the client sees a clean close with no answer
            ctx.request().connection().close();
            return;
        }
        if (faults.errorRate() > 0 && random.nextDouble() < faults.errorRate()) {
            if (faults.retryAfterSeconds() != null) {
                ctx.response().putHeader("Retry-After", Integer.toString(faults.retryAfterSeconds()));
            }
            int status = faults.errorStatus();
            SimErrors.reply(ctx, status, SimErrors.messageFor(status), null);
            return;
        }
        ctx.next();
    }
}
