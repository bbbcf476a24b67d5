package io.infergate.simulator;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * What one control plane received, for {@code GET /_sim/stats}.
 * <p>
 * Requests are counted per operation ({@code create}, {@code get}, {@code patch}, {@code delete}, {@code token}) before
 * fault injection and validation, so a test can tell how often the gateway called (and retried) the control plane
 * whatever the answer was. Besides:
 * <ul>
 * <li>{@code tokenIssued}: tokens {@code POST /api/v1/token} actually handed out;</li>
 * <li>{@code unauthorized}: workload requests answered 401 for lack of a valid token of this control plane (missing,
 * malformed, foreign, expired or revoked), only ever counted when tokens are required;</li>
 * <li>{@code foreignToken}: workload requests bearing a well-formed JWT this control plane did not sign, counted whether or
 * not tokens are required, so a test can prove one cluster's token never reached another.</li>
 * </ul>
 */
final class Stats {

    static final String TOKEN_ISSUED = "tokenIssued";
    static final String UNAUTHORIZED = "unauthorized";
    static final String FOREIGN_TOKEN = "foreignToken";

    /** Filled once and never changed structurally, so concurrent reads of the map itself are safe. */
    private final Map<Operation, LongAdder> counts = new EnumMap<>(Operation.class);
    private final LongAdder tokensIssued = new LongAdder();
    private final LongAdder unauthorized = new LongAdder();
    private final LongAdder foreignTokens = new LongAdder();

    Stats() {
        for (Operation operation : Operation.values()) {
            counts.put(operation, new LongAdder());
        }
    }

    /** A route handler that counts one request of {@code operation} and passes it on. */
    Handler<RoutingContext> counting(Operation operation) {
        LongAdder counter = counts.get(operation);
        return ctx -> {
            counter.increment();
            ctx.next();
        };
    }

    void tokenIssued() {
        tokensIssued.increment();
    }

    void unauthorized() {
        unauthorized.increment();
    }

    void foreignToken() {
        foreignTokens.increment();
    }

    long count(Operation operation) {
        return counts.get(operation).sum();
    }

    void reset() {
        counts.values().forEach(LongAdder::reset);
        tokensIssued.reset();
        unauthorized.reset();
        foreignTokens.reset();
    }

    ObjectNode toJson() {
        ObjectNode json = SimJson.object();
        for (Operation operation : Operation.values()) {
            json.put(operation.statsKey(), count(operation));
        }
        return json.put(TOKEN_ISSUED, tokensIssued.sum())
                .put(UNAUTHORIZED, unauthorized.sum())
                .put(FOREIGN_TOKEN, foreignTokens.sum());
    }
}
