package io.infergate.simulator;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * Requests received per operation. Counting happens before fault injection and validation, so a test can tell how often
 * the gateway called (and retried) the control plane whatever the answer was.
 */
final class Stats {

    /** Filled once and never changed structurally, so concurrent reads of the map itself are safe. */
    private final Map<Operation, LongAdder> counts = new EnumMap<>(Operation.class);

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

    long count(Operation operation) {
        return counts.get(operation).sum();
    }

    void reset() {
        counts.values().forEach(LongAdder::reset);
    }

    ObjectNode toJson() {
        ObjectNode json = SimJson.object();
        for (Operation operation : Operation.values()) {
            json.put(operation.statsKey(), count(operation));
        }
        return json;
    }
}
