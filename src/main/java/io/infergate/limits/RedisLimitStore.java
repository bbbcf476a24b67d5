package io.infergate.limits;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.infergate.sharedstate.RedisState;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;

/**
 * The counters in Redis, shared by every replica: one {@code limits/gcra.lua} call per check, atomic over all the limits
 * of the request and timed by Redis' own clock, so replicas need no synchronised clocks.
 */
final class RedisLimitStore implements LimitStore {

    private static final String SCRIPT = script("gcra.lua");

    private final RedisState redis;

    RedisLimitStore(RedisState redis) {
        this.redis = redis;
    }

    @Override
    public Uni<Taken> take(List<Limit> limits, List<String> counters) {
        List<String> args = new ArrayList<>(limits.size() * 2);
        for (Limit limit : limits) {
            args.add(Long.toString(limit.interval()));
            args.add(Integer.toString(limit.burst()));
        }
        return redis.eval(SCRIPT, counters, args)
                .map(reply -> taken(limits, reply));
    }

    private static Taken taken(List<Limit> limits, Response reply) {
        List<Standing> standings = new ArrayList<>(limits.size());
        for (int i = 0; i < limits.size(); i++) {
            standings.add(new Standing(limits.get(i), reply.get(i + 1).toLong()));
        }
        return new Taken(reply.get(0).toInteger() == 1, standings);
    }

    static String script(String name) {
        try (InputStream in = RedisLimitStore.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
