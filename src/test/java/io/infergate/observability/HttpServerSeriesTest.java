package io.infergate.observability;

import static io.infergate.testing.Authenticated.given;
import static io.infergate.testing.VendorApi.COLLECTION;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.infergate.testing.RunningSimulator;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;

/**
 * Quarkus' own {@code http_server_requests} stays readable whatever callers send: a request no route matched (an
 * unknown path, a method its path does not take, an automatic OPTIONS answer) joins one {@code uri} value, and a method
 * nobody defined one {@code method} value, so the 100-value cap on {@code uri} is never reached and the panels reading
 * the meter keep their data.
 */
@QuarkusTest
@WithTestResource(RunningSimulator.class)
class HttpServerSeriesTest {

    private static final String WORKLOAD = COLLECTION + "/{workloadId}";
    private static final String CLUSTERS = "/infergate/v1/clusters";
    private static final String EFFECTIVE = "/infergate/v1/policies/effective";
    private static final String PREVIEW = "/infergate/v1/distributed-inferences/preview";
    /** The route templates of the REST resources, and the one value for everything else. */
    private static final Set<String> URIS = Set.of(COLLECTION, WORKLOAD, CLUSTERS, EFFECTIVE, PREVIEW, Meters.UNMATCHED);
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS",
            "TRACE", "PATCH", Meters.OTHER_METHOD);
    /** Quarkus refuses new series of {@code http.server.requests} beyond this many {@code uri} values. */
    private static final int QUARKUS_URI_CAP = 100;
    private static final int ROUNDS = 40;

    @Inject
    MeterRegistry registry;

    @Test
    void shouldGiveEveryRequestNoRouteMatchedOneBoundedUriAndMethod() {
        // Given the series so far
        int before = series().size();

        // When callers send five times as many requests to distinct paths as the cap allows uri values, with methods
        // no path takes and methods nobody defined
        for (int i = 0; i < ROUNDS; i++) {
            String id = UUID.randomUUID().toString();
            RestAssured.get("/x-" + id).then().statusCode(404);
            RestAssured.request("TRACE", COLLECTION + "/" + id).then().statusCode(405);
            RestAssured.request(madeUpMethod(), COLLECTION + "/" + id).then().statusCode(405);
            RestAssured.request("OPTIONS", "/infergate/v1/" + id);
            RestAssured.request("POST", COLLECTION + "/" + id + "/" + id).then().statusCode(404);
        }
        // and then a caller uses a route
        Timer route = timer("HEAD", EFFECTIVE, "401");
        long routed = route == null ? 0 : route.count();
        RestAssured.head(EFFECTIVE).then().statusCode(401);

        // Then every uri is a route template or UNMATCHED, every method one of RFC 9110 or OTHER
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> countOf("HEAD", EFFECTIVE, "401") == routed + 1);
        Set<Meter.Id> series = series();
        assertThat(series).extracting(id -> id.getTag("uri")).allSatisfy(uri -> assertThat(uri).as("uri tag")
                .isIn(URIS));
        assertThat(series).extracting(id -> id.getTag("method")).allSatisfy(method -> assertThat(method).as("method tag")
                .isIn(METHODS));
        // and the 200 requests made a handful of series, far below the cap that would have blinded the route's
        assertThat(series.size() - before).as("new series").isLessThan(20);
        assertThat(series.stream().map(id -> id.getTag("uri")).distinct().count()).isLessThan(QUARKUS_URI_CAP);
    }

    @Test
    void shouldTagEveryRouteWithItsTemplate() {
        String id = UUID.randomUUID().toString();
        record Call(String method, String path, String template, String body) {
        }
        for (Call call : new Call[] { new Call("POST", COLLECTION, COLLECTION, "{}"),
                new Call("GET", COLLECTION + "/" + id, WORKLOAD, null),
                new Call("PATCH", COLLECTION + "/" + id, WORKLOAD, "{}"),
                new Call("DELETE", COLLECTION + "/" + id, WORKLOAD, null),
                new Call("GET", CLUSTERS, CLUSTERS, null),
                new Call("GET", EFFECTIVE + "?projectId=3&clusterId=" + RunningSimulator.CLUSTER_A, EFFECTIVE, null),
                new Call("POST", PREVIEW, PREVIEW, "{}") }) {
            // Given the requests so far of this route and method
            long before = routeCount(call.method(), call.template());

            // When a caller calls it
            var request = given();
            if (call.body() != null) {
                request.contentType(ContentType.JSON).body(call.body());
            }
            request.request(call.method(), call.path());

            // Then it is counted under its template (with the simulated clusters' own requests, where it asked them)
            Awaitility.await().atMost(Duration.ofSeconds(5)).alias(call.method() + " " + call.template())
                    .until(() -> routeCount(call.method(), call.template()) > before);
        }
    }

    /** A method name no standard defines, different every time. */
    private static String madeUpMethod() {
        return "M" + Long.toString(ThreadLocalRandom.current().nextLong(Long.MAX_VALUE), 36).toUpperCase();
    }

    private Set<Meter.Id> series() {
        return registry.find("http.server.requests").meters().stream().map(Meter::getId).collect(Collectors.toSet());
    }

    private Timer timer(String method, String uri, String status) {
        return registry.find("http.server.requests").tag("method", method).tag("uri", uri).tag("status", status).timer();
    }

    private long countOf(String method, String uri, String status) {
        Timer timer = timer(method, uri, status);
        return timer == null ? 0 : timer.count();
    }

    private long routeCount(String method, String uri) {
        return registry.find("http.server.requests").tag("method", method).tag("uri", uri).timers().stream()
                .mapToLong(Timer::count).sum();
    }
}
