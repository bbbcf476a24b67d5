package io.infergate.observability;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.ext.web.RoutingContext;

/**
 * Times every request to the API operations once it has ended, whoever answered it (the control plane, a gateway
 * check, the HTTP layer), tagged with what the request path recorded on the way: the operation, the cluster and the
 * outcome. A request no operation claimed (an unknown path) is not timed here; Quarkus' own
 * {@code http_server_requests} covers those, with bounded {@code uri} tags ({@link HttpServerTags}).
 * <p>
 * It also writes the access log: one line per request on category {@code io.infergate.access} with the method, the
 * route template (never the raw path of an operation), status, duration, cluster, outcome and the caller's subject;
 * never a token, a secret or a body.
 */
@Singleton
public class RequestMetrics {

    private static final String START = "infergate.start";
    private static final String OPERATION = "infergate.operation";
    private static final String CLUSTER = "infergate.cluster";
    private static final String OUTCOME = "infergate.outcome";
    private static final String ROUTE = "infergate.route";
    private static final String SUBJECT = "infergate.subject";
    private static final Logger ACCESS = Logger.getLogger("io.infergate.access");
    private static final Duration[] SLO = { Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
            Duration.ofSeconds(10) };

    private final MeterRegistry registry;
    private final AtomicInteger inFlight = new AtomicInteger();
    /** Looked up once per tag combination, not built and registered again on every request. */
    private final Map<TimerKey, Timer> timers = new ConcurrentHashMap<>();
    private final Gauge inFlightGauge;

    RequestMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.inFlightGauge = Gauge.builder(Meters.REQUESTS_IN_FLIGHT, inFlight, AtomicInteger::get)
                .description("Requests being served")
                .strongReference(true)
                .register(registry);
    }

    /**
     * A restarted application (dev mode, tests) must not keep reporting this instance's count.
     */
    @PreDestroy
    void close() {
        registry.remove(inFlightGauge);
    }

    /**
     * Before every other filter, so the time includes everything the gateway does.
     */
    void register(@Observes Filters filters) {
        filters.register(this::begin, 1100);
    }

    /**
     * Records which operation a request is, once known.
     */
    public static void operation(RoutingContext request, String operation) {
        if (request != null) {
            request.put(OPERATION, operation);
        }
    }

    /**
     * Records which operation a request is and the route template it matched, for the metrics and the access log.
     */
    public static void operation(RoutingContext request, String operation, String route) {
        operation(request, operation);
        if (request != null) {
            request.put(ROUTE, route);
        }
    }

    /**
     * Records who the caller is, for the access log.
     */
    public static void subject(RoutingContext request, String subject) {
        if (request != null) {
            request.put(SUBJECT, subject);
        }
    }

    /**
     * Records the cluster a request went to: a configured name, {@link Meters#UNKNOWN} for a {@code clusterId} that
     * names none.
     */
    public static void cluster(RoutingContext request, String cluster) {
        if (request != null) {
            request.put(CLUSTER, cluster);
        }
    }

    /**
     * Records what became of a request; the last word wins.
     */
    public static void outcome(RoutingContext request, String outcome) {
        if (request != null) {
            request.put(OUTCOME, outcome);
        }
    }

    private void begin(RoutingContext request) {
        request.put(START, System.nanoTime());
        inFlight.incrementAndGet();
        request.addEndHandler(ended -> finish(request));
        request.next();
    }

    private void finish(RoutingContext request) {
        inFlight.decrementAndGet();
        String operation = request.get(OPERATION);
        Long start = request.get(START);
        if (start == null) {
            return;
        }
        long nanos = System.nanoTime() - start;
        int status = request.response().getStatusCode();
        String recorded = request.get(OUTCOME);
        String outcome = recorded == null ? fallback(status) : recorded;
        String cluster = request.get(CLUSTER);
        access(request, status, nanos, cluster, operation == null ? null : outcome);
        if (operation == null) {
            return;
        }
        timers.computeIfAbsent(new TimerKey(operation, cluster == null ? Meters.NONE : cluster, status / 100, outcome),
                this::timer).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** The tags of one request timer; their values are bounded, so the map is too. */
    private record TimerKey(String operation, String cluster, int statusClass, String outcome) {
    }

    private Timer timer(TimerKey key) {
        return Timer.builder(Meters.REQUESTS)
                .description("Requests to the Run:ai operations, by what became of them")
                .tag(Meters.OPERATION, key.operation())
                .tag(Meters.CLUSTER, key.cluster())
                .tag(Meters.STATUS_CLASS, key.statusClass() + "xx")
                .tag(Meters.OUTCOME, key.outcome())
                .serviceLevelObjectives(SLO)
                .register(registry);
    }

    /**
     * One line per request: {@code GET /route 200 1.2ms cluster=... outcome=... subject=...}. Built with a
     * {@link StringBuilder} and logged without parameters, so neither the redacting filter nor the formatter runs
     * {@link java.util.Formatter} over it (that, twice, was most of the line's cost on a GET).
     */
    private static void access(RoutingContext request, int status, long nanos, String cluster, String outcome) {
        if (!ACCESS.isInfoEnabled()) {
            return;
        }
        String route = request.get(ROUTE);
        String subject = request.get(SUBJECT);
        StringBuilder line = new StringBuilder(160)
                .append(request.request().method().name())
                .append(' ')
                .append(route == null ? otherRoute(request.normalizedPath()) : route)
                .append(' ')
                .append(status)
                .append(' ');
        milliseconds(line, nanos)
                .append("ms cluster=")
                .append(cluster == null ? Meters.NONE : cluster)
                .append(" outcome=")
                .append(outcome == null ? "-" : outcome)
                .append(" subject=")
                .append(subject == null ? "-" : subject);
        ACCESS.info(line.toString());
    }

    /**
     * Appends a duration in milliseconds with one decimal, rounded half up ({@code 1.25 ms} is {@code 1.3}).
     */
    static StringBuilder milliseconds(StringBuilder line, long nanos) {
        long tenths = (Math.max(0, nanos) + 50_000) / 100_000;
        return line.append(tenths / 10).append('.').append(tenths % 10);
    }

    /**
     * Paths outside the operations are the gateway's own fixed routes, or else not logged as sent. Health probes and
     * metric scrapes never pass here: they go to the management interface, whose router has none of these filters.
     */
    private static String otherRoute(String path) {
        return path.startsWith("/infergate/") ? path : "unmatched";
    }

    /**
     * For answers no step of the gateway recorded, e.g. the HTTP layer's own refusals.
     */
    private static String fallback(int status) {
        if (status == 401) {
            return Outcomes.REJECTED_AUTH;
        }
        if (status >= 500) {
            return Outcomes.ERROR;
        }
        return status >= 400 ? Outcomes.BAD_REQUEST : Outcomes.FORWARDED;
    }
}
