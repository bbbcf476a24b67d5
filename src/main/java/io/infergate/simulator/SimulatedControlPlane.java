package io.infergate.simulator;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import org.jboss.logging.Logger;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * One simulated Run:ai control plane managing one cluster, served over real HTTP on its own port.
 * <p>
 * It answers the Distributed Inferences API and {@code POST /api/v1/token} like the vendor does (status codes, {@code Error}
 * bodies, phases), and offers a control API under {@code /_sim}: {@code GET|PUT /_sim/faults}, {@code GET|DELETE /_sim/stats},
 * {@code POST /_sim/reset} and {@code POST /_sim/tokens/revoke}. It needs no CDI: give it a Vert.x instance and a clock and
 * it runs anywhere.
 * <p>
 * Tokens are signed with a random key of this control plane alone, so a token of one simulated cluster is foreign to every
 * other one. The subject of any bearer JWT becomes {@code createdBy}. When tokens are required, every workload request
 * needs a token this control plane issued that has neither expired (by its clock) nor been revoked, or it is answered with
 * the vendor 401 and nothing else happens; {@code /api/v1/token} and {@code /_sim} never need one. Faults apply before the
 * token check, as network trouble hits a request before any server looks at it. {@code POST /_sim/tokens/revoke} revokes
 * every token issued so far, like a control plane rotating its keys; {@code POST /_sim/reset} leaves tokens valid, so a
 * gateway's cached token survives a reset between tests.
 */
public final class SimulatedControlPlane {

    static final String WORKLOADS = "/api/v1/workloads/distributed-inferences";
    static final String WORKLOAD = WORKLOADS + "/:workloadId";
    static final String TOKEN = "/api/v1/token";
    static final String FAULTS = "/_sim/faults";
    static final String STATS = "/_sim/stats";
    static final String RESET = "/_sim/reset";
    static final String REVOKE_TOKENS = "/_sim/tokens/revoke";

    private static final Logger LOG = Logger.getLogger(SimulatedControlPlane.class);
    /**
     * Largest request body, 1 MiB: what the NGINX ingress in front of a control plane takes by default
     * ({@code client_max_body_size 1m}); a larger one is a 413 and never reaches a handler.
     */
    static final int MAX_BODY_BYTES = 1024 * 1024;

    private final Vertx vertx;
    private final UUID clusterId;
    private final String host;
    private final int port;
    private final WorkloadStore store;
    private final WorkloadApi workloads;
    private final TokenIssuer issuer;
    private final TokenApi tokens;
    private final TokenGuard guard;
    private final FaultInjector faults;
    private final Stats stats = new Stats();
    private volatile HttpServer server;

    /**
     * A control plane that does not require tokens on the workload API.
     *
     * @see #SimulatedControlPlane(Vertx, UUID, String, int, Duration, Duration, Map, Clock, boolean, UnknownFields)
     */
    public SimulatedControlPlane(Vertx vertx, UUID clusterId, String host, int port, Duration phaseDelay, Duration tokenTtl,
            Map<String, String> credentials, Clock clock) {
        this(vertx, clusterId, host, port, phaseDelay, tokenTtl, credentials, clock, false, UnknownFields.ACCEPT);
    }

    /**
     * @param vertx the Vert.x instance whose event loop serves the requests
     * @param clusterId the Run:ai cluster id this control plane manages
     * @param host interface to bind, e.g. {@code 127.0.0.1}
     * @param port port to bind; 0 picks a free one, see {@link #port()}
     * @param phaseDelay time spent in each transient phase; zero makes every transition immediate
     * @param tokenTtl lifetime of issued tokens, at least one second
     * @param credentials accepted client id to secret; empty accepts any non-blank pair
     * @param clock source of "now" for phases, timestamps, token claims and token expiry; tests pass a clock they can advance
     * @param requireToken whether every workload request must carry a valid token issued by this control plane
     * @param unknownFields whether a field the bundled contract does not define is accepted or refused
     */
    public SimulatedControlPlane(Vertx vertx, UUID clusterId, String host, int port, Duration phaseDelay, Duration tokenTtl,
            Map<String, String> credentials, Clock clock, boolean requireToken, UnknownFields unknownFields) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.clusterId = Objects.requireNonNull(clusterId, "clusterId");
        this.host = Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be from 0 to 65535, got " + port);
        }
        this.port = port;
        if (phaseDelay.isNegative()) {
            throw new IllegalArgumentException("phaseDelay must not be negative, got " + phaseDelay);
        }
        this.store = new WorkloadStore(phaseDelay);
        this.workloads = new WorkloadApi(clusterId, store, new ControlPlaneContract(unknownFields), phaseDelay, clock);
        this.issuer = new TokenIssuer(tokenTtl, clock);
        this.tokens = new TokenApi(issuer, credentials, stats);
        this.guard = new TokenGuard(issuer, stats, requireToken);
        this.faults = new FaultInjector(vertx);
    }

    /**
     * Binds the port and starts serving.
     *
     * @return completes once the port is bound; fails with an {@link IllegalStateException} naming host and port when it
     *         cannot be bound (typically because it is taken)
     */
    public Future<Void> start() {
        if (server != null) {
            return Future.failedFuture(new IllegalStateException("Simulated control plane already started"));
        }
        HttpServerOptions options = new HttpServerOptions()
                .setHost(host)
                .setPort(port)
                // HTTP/1.1 only, so an injected reset closes exactly the connection of the request it hits
                .setHttp2ClearTextEnabled(false);
        return vertx.createHttpServer(options)
                .requestHandler(router())
                .listen()
                .<Void> map(this::started)
                .recover(failure -> Future.failedFuture(new IllegalStateException(
                        "Simulated Run:ai control plane for cluster " + clusterId + " cannot listen on " + host + ":" + port
                                + ": " + failure.getMessage(),
                        failure)));
    }

    /** Closes the server; completes at once when it was never started. */
    public Future<Void> stop() {
        HttpServer running = server;
        server = null;
        return running == null ? Future.succeededFuture() : running.close();
    }

    /** The bound port; differs from the configured one only when that was 0. */
    public int port() {
        HttpServer running = server;
        if (running == null) {
            throw new IllegalStateException("Simulated control plane not started");
        }
        return running.actualPort();
    }

    /** The Run:ai cluster id this control plane manages. */
    public UUID clusterId() {
        return clusterId;
    }

    private Void started(HttpServer httpServer) {
        server = httpServer;
        return null;
    }

    private Router router() {
        Router router = Router.router(vertx);
        // every route reads the whole body first: handlers parse it, and an injected reset happens after the request
        router.route().handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));
        api(router.post(WORKLOADS), Operation.CREATE)
                .handler(guard)
                .handler(workloads::create);
        api(router.get(WORKLOAD), Operation.GET)
                .handler(guard)
                .handler(workloads::get);
        api(router.patch(WORKLOAD), Operation.PATCH)
                .handler(guard)
                .handler(workloads::patch);
        api(router.delete(WORKLOAD), Operation.DELETE)
                .handler(guard)
                .handler(workloads::delete);
        api(router.post(TOKEN), Operation.TOKEN)
                .handler(tokens::issue);
        router.get(FAULTS).handler(ctx -> SimJson.reply(ctx, 200, faults.current().toJson()));
        router.put(FAULTS).handler(this::putFaults);
        router.get(STATS).handler(ctx -> SimJson.reply(ctx, 200, stats.toJson()));
        router.delete(STATS).handler(ctx -> {
            stats.reset();
            ctx.response().setStatusCode(204).end();
        });
        router.post(RESET).handler(this::reset);
        router.post(REVOKE_TOKENS).handler(this::revokeTokens);
        router.route().failureHandler(SimulatedControlPlane::onFailure);
        // requests no route takes (unknown path, wrong method) get a JSON Error too, never the default HTML page
        for (int status : new int[] { 404, 405, 500 }) {
            router.errorHandler(status, ctx -> SimErrors.reply(ctx, status, SimErrors.messageFor(status),
                    status == 404 ? "No route for " + ctx.request().method() + " " + ctx.request().path() : null));
        }
        return router;
    }

    /** Counts, then faults: the handlers every API route starts with. */
    private Route api(Route route, Operation operation) {
        return route.handler(stats.counting(operation))
                .handler(faults.on(operation));
    }

    private void putFaults(RoutingContext ctx) {
        Faults newFaults = Faults.fromJson(SimJson.requireObject(ctx));
        faults.set(newFaults);
        SimJson.reply(ctx, 200, newFaults.toJson());
    }

    private void reset(RoutingContext ctx) {
        faults.set(Faults.NONE);
        stats.reset();
        store.clear();
        ctx.response().setStatusCode(204).end();
    }

    private void revokeTokens(RoutingContext ctx) {
        issuer.revoke();
        LOG.debugf("Simulated control plane of cluster %s revoked its tokens", clusterId);
        ctx.response().setStatusCode(204).end();
    }

    private static void onFailure(RoutingContext ctx) {
        if (ctx.response().ended() || ctx.response().closed()) {
            return;
        }
        if (ctx.failure() instanceof SimRequestException e) {
            SimErrors.reply(ctx, e.status(), e.getMessage(), e.details());
            return;
        }
        int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
        if (status >= 500) {
            LOG.warnf(ctx.failure(), "Simulator failed on %s %s", ctx.request().method(), ctx.request().path());
        }
        SimErrors.reply(ctx, status, SimErrors.messageFor(status),
                status == 413 ? "The request body is larger than " + MAX_BODY_BYTES + " bytes." : null);
    }
}
