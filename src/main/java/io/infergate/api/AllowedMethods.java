package io.infergate.api;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Singleton;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;

/**
 * Which methods each path serves, so that every 405 names them in {@code Allow} (RFC 9110 section 15.5.6 requires it)
 * and in its details, and an OPTIONS answers with them. Two sources: the JAX-RS resources, whose methods are read from
 * their annotations once at startup, and the Vert.x routes of the main router that are bound to methods. Neither
 * framework does it here: RESTEasy Reactive's 405 carries no {@code Allow} and its OPTIONS lists every method of the
 * resource class whatever the path; Vert.x Web sets {@code Allow} only when no 405 error page is registered.
 * <p>
 * Wherever GET is served HEAD is too (RESTEasy Reactive answers HEAD from the GET method), and OPTIONS everywhere
 * (the edge filters answer it).
 */
@Singleton
public class AllowedMethods {

    /** A JAX-RS template parameter: {@code {name}} or {@code {name: regex}}. */
    private static final Pattern PARAMETER = Pattern.compile("\\{\\s*\\w[\\w.-]*\\s*(?::\\s*((?:[^{}]|\\{[^{}]*\\})+))?}");

    /** One resource method: the pattern of its path and its HTTP method. */
    private record Endpoint(Pattern path, String method) {
    }

    private final List<Endpoint> endpoints;
    private final CurrentVertxRequest request;

    AllowedMethods(BeanManager beans, CurrentVertxRequest request) {
        this.request = request;
        this.endpoints = beans.getBeans(Object.class, Any.Literal.INSTANCE)
                .stream()
                .map(Bean::getBeanClass)
                .filter(type -> type.isAnnotationPresent(Path.class))
                .distinct()
                .flatMap(AllowedMethods::endpointsOf)
                .toList();
    }

    /**
     * @param path a request's normalized path
     * @return the methods the JAX-RS resources serve there, with HEAD and OPTIONS; empty where no resource serves
     */
    public SortedSet<String> at(String path) {
        SortedSet<String> allowed = new TreeSet<>();
        for (Endpoint endpoint : endpoints) {
            if (endpoint.path().matcher(path).matches()) {
                allowed.add(endpoint.method());
            }
        }
        return completed(allowed);
    }

    /**
     * @return what {@link #at(String)} says, and the methods of the router's method-bound routes that match the path
     *         (a Vert.x route bound to GET does not serve HEAD)
     */
    public SortedSet<String> at(Router router, String path) {
        SortedSet<String> allowed = at(path);
        for (Route route : router.getRoutes()) {
            if (route.methods() != null && !route.methods().isEmpty() && routeMatches(route.getPath(), path)) {
                route.methods().forEach(method -> allowed.add(method.name()));
            }
        }
        return allowed;
    }

    /**
     * @return the body of a 405 that says what is allowed, as {@code Allow} says it
     */
    public static ApiError notAllowed(SortedSet<String> allowed) {
        return new ApiError(405, "Method not allowed.", "Allowed here: " + String.join(", ", allowed) + ".");
    }

    /** RESTEasy Reactive found resources for the path, but none for the method. */
    @ServerExceptionMapper
    Response notAllowed(NotAllowedException e) {
        SortedSet<String> allowed = at(request.getCurrent().normalizedPath());
        return Response.status(405)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .header(HttpHeaders.ALLOW, String.join(", ", allowed))
                .entity(notAllowed(allowed))
                .build();
    }

    private static SortedSet<String> completed(SortedSet<String> allowed) {
        if (!allowed.isEmpty()) {
            if (allowed.contains("GET")) {
                allowed.add("HEAD");
            }
            allowed.add("OPTIONS");
        }
        return allowed;
    }

    private static Stream<Endpoint> endpointsOf(Class<?> resource) {
        String base = resource.getAnnotation(Path.class).value();
        return Arrays.stream(resource.getMethods())
                .map(method -> endpoint(base, method))
                .filter(Objects::nonNull);
    }

    /** @return the endpoint a resource method serves, or {@code null} for a method that serves none */
    private static Endpoint endpoint(String base, Method method) {
        String verb = null;
        for (Annotation annotation : method.getAnnotations()) {
            HttpMethod designator = annotation.annotationType().getAnnotation(HttpMethod.class);
            if (designator != null) {
                verb = designator.value();
            }
        }
        if (verb == null) {
            return null;
        }
        Path sub = method.getAnnotation(Path.class);
        return new Endpoint(template(sub == null ? base : base + "/" + sub.value()), verb);
    }

    /**
     * @return a JAX-RS path template as a pattern over normalized request paths (a trailing slash is optional)
     */
    private static Pattern template(String template) {
        String path = ("/" + template).replaceAll("/{2,}", "/");
        if (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        StringBuilder regex = new StringBuilder();
        Matcher parameter = PARAMETER.matcher(path);
        int at = 0;
        while (parameter.find()) {
            regex.append(Pattern.quote(path.substring(at, parameter.start())));
            regex.append('(').append(parameter.group(1) == null ? "[^/]+" : parameter.group(1).trim()).append(')');
            at = parameter.end();
        }
        regex.append(Pattern.quote(path.substring(at))).append("/?");
        return Pattern.compile(regex.toString());
    }

    /**
     * A Vert.x route path: exact, a prefix ending in {@code *}, with {@code :name} segments. A regex route has no path
     * and is not matched.
     */
    private static boolean routeMatches(String routePath, String path) {
        if (routePath == null) {
            return false;
        }
        if (routePath.endsWith("*")) {
            return path.startsWith(routePath.substring(0, routePath.length() - 1));
        }
        String[] expected = routePath.split("/", -1);
        String[] actual = path.split("/", -1);
        if (expected.length != actual.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if (!expected[i].startsWith(":") && !expected[i].equals(actual[i])) {
                return false;
            }
        }
        return true;
    }
}
