package io.infergate.observability;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Singleton;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import io.quarkus.logging.Log;

/**
 * Keeps the tags of Quarkus' own HTTP server meters ({@code http.server.requests} and the rest of {@code http.server.*})
 * bounded, whatever callers send: {@code uri} is a route template of the gateway's REST resources or
 * {@link Meters#UNMATCHED}, {@code method} one of RFC 9110's methods or {@link Meters#OTHER_METHOD}.
 * <p>
 * Quarkus tags a request that no route template matched with its raw path unless it was answered 404 or 3xx: a 405 (any
 * method a path does not take, TRACE included), the automatic answer to OPTIONS under a resource's path, a connection
 * reset before the answer. Every new path was a new series until Quarkus' cap of 100 {@code uri} values, after which
 * new series are refused, those of real routes too, and the panels reading them go blind. It tags the method as sent,
 * and any token is a method to Netty. Mapped here, a request no route matched joins one series per method class and
 * status instead.
 */
@Singleton
class HttpServerTags {

    private static final String PREFIX = "http.server.";
    private static final String URI = "uri";
    private static final String METHOD = "method";
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS",
            "TRACE", "PATCH");

    /**
     * Applied by Quarkus to every registry before any meter is registered; the routes are read from the REST resources'
     * {@code @Path} annotations, so a new resource needs no change here.
     */
    @Produces
    @Singleton
    MeterFilter boundedHttpServerTags(BeanManager beans) {
        Set<String> routes = routes(beans);
        Log.debugf("http.server.* uri tags: %s, else %s", routes, Meters.UNMATCHED);
        return new Bounded(routes);
    }

    /**
     * @return every route template of the REST resources among the beans, as Quarkus writes it into the {@code uri} tag
     */
    static Set<String> routes(BeanManager beans) {
        Set<String> routes = new TreeSet<>();
        for (Bean<?> bean : beans.getBeans(Object.class, Any.Literal.INSTANCE)) {
            Class<?> type = bean.getBeanClass();
            Path base = type.getAnnotation(Path.class);
            if (base == null || type.isInterface()) {
                continue;
            }
            for (Method method : type.getMethods()) {
                if (answers(method)) {
                    Path path = method.getAnnotation(Path.class);
                    routes.add(template(base.value(), path == null ? "" : path.value()));
                }
            }
        }
        return routes;
    }

    /** A resource method: one annotated with an HTTP method (GET, POST, ...; they carry {@link HttpMethod}). */
    private static boolean answers(Method method) {
        for (var annotation : method.getAnnotations()) {
            if (annotation.annotationType().isAnnotationPresent(HttpMethod.class)) {
                return true;
            }
        }
        return false;
    }

    /** The class path and the method path joined: one leading slash, none doubled, none trailing. */
    static String template(String base, String path) {
        String joined = ("/" + base + "/" + path).replaceAll("/{2,}", "/");
        return joined.length() > 1 && joined.endsWith("/") ? joined.substring(0, joined.length() - 1) : joined;
    }

    /** The mapping; ids of other meters pass unchanged. */
    record Bounded(Set<String> routes) implements MeterFilter {

        Bounded {
            routes = Set.copyOf(routes);
        }

        @Override
        public Meter.Id map(Meter.Id id) {
            if (!id.getName().startsWith(PREFIX)) {
                return id;
            }
            String uri = id.getTag(URI);
            String method = id.getTag(METHOD);
            boolean unmatched = uri != null && !routes.contains(uri);
            boolean other = method != null && !METHODS.contains(method);
            if (!unmatched && !other) {
                return id;
            }
            List<Tag> tags = new ArrayList<>();
            for (Tag tag : id.getTagsAsIterable()) {
                if (unmatched && tag.getKey().equals(URI)) {
                    tags.add(Tag.of(URI, Meters.UNMATCHED));
                } else if (other && tag.getKey().equals(METHOD)) {
                    tags.add(Tag.of(METHOD, Meters.OTHER_METHOD));
                } else {
                    tags.add(tag);
                }
            }
            return id.replaceTags(tags);
        }
    }
}
