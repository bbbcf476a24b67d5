package io.infergate.simulator;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * Checks the bearer token of a workload request before its operation runs. When tokens are required, anything but a
 * valid token of this control plane ends the request with the vendor 401 and nothing else happens. Either way a foreign
 * token is counted, so a test can see that a token reached a cluster it was not issued by.
 */
final class TokenGuard implements Handler<RoutingContext> {

    private final TokenIssuer issuer;
    private final Stats stats;
    private final boolean requireToken;

    TokenGuard(TokenIssuer issuer, Stats stats, boolean requireToken) {
        this.issuer = issuer;
        this.stats = stats;
        this.requireToken = requireToken;
    }

    @Override
    public void handle(RoutingContext ctx) {
        TokenCheck check = issuer.check(ctx.request().getHeader(HttpHeaders.AUTHORIZATION));
        if (check == TokenCheck.FOREIGN) {
            stats.foreignToken();
        }
        if (requireToken && check != TokenCheck.VALID) {
            stats.unauthorized();
            ctx.fail(SimErrors.unauthorized());
            return;
        }
        ctx.next();
    }
}
