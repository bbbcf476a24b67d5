package io.infergate.observability;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.infergate.testing.Authenticated.given;
import static io.infergate.testing.VendorApi.COLLECTION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import io.infergate.testing.CapturedLog;
import io.infergate.testing.InjectWireMock;
import io.infergate.testing.Simulators;
import io.infergate.testing.WireMockCluster;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * With tracing on, the control plane receives the trace context of the gateway's own span for the attempt that
 * reached it, under the request's server span, so its spans join the gateway's trace; validation, policy and locate
 * have spans of their own.
 */
@QuarkusTest
@TestProfile(TracePropagationTest.TracingOn.class)
@WithTestResource(WireMockCluster.class)
class TracePropagationTest {

    /** The OpenTelemetry SDK on, exporting to memory only. */
    public static class TracingOn implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.otel.sdk.disabled", "false",
                    "quarkus.otel.exporter.otlp.traces.endpoint", "http://127.0.0.1:1");
        }
    }

    @InjectWireMock
    WireMockServer wireMock;

    @Inject
    InMemorySpanExporter spans;

    @Test
    void shouldSendTheTraceContextOfTheAttemptUnderTheGatewaysServerSpanUpstream() {
        spans.reset();
        String id = UUID.randomUUID().toString();
        stubWorkload(id);

        given().get(COLLECTION + "/" + id).then().statusCode(200);

        List<LoggedRequest> asked = wireMock.findAll(getRequestedFor(urlEqualTo(COLLECTION + "/" + id)));
        assertThat(asked).hasSize(1);
        String[] traceparent = asked.get(0).getHeader("traceparent").split("-");
        serverSpanOf(traceparent[1]);
        Map<String, SpanData> byId = spans.getFinishedSpanItems().stream()
                .filter(span -> span.getTraceId().equals(traceparent[1]))
                .collect(Collectors.toMap(SpanData::getSpanId, span -> span));

        // the control plane's parent is the attempt, under the locate span, under the gateway's server span
        SpanData attempt = byId.get(traceparent[2]);
        assertThat(attempt.getName()).isEqualTo(Spans.ATTEMPT + "get");
        assertThat(attempt.getAttributes().asMap()).containsValues("wm", "get", 1L, "200");
        SpanData locate = byId.get(attempt.getParentSpanId());
        assertThat(locate.getName()).isEqualTo(Spans.LOCATE);
        assertThat(byId.get(locate.getParentSpanId()).getKind()).isEqualTo(SpanKind.SERVER);
    }

    @Test
    void shouldTraceValidationPolicyAndTheAttemptOfACreate() {
        spans.reset();
        wireMock.stubFor(post(urlEqualTo(COLLECTION)).willReturn(aResponse().withStatus(202)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"workloadId\":\"" + UUID.randomUUID() + "\",\"projectId\":\"3\"}")));

        given().contentType(ContentType.JSON)
                .body(Simulators.createBody(WireMockCluster.CLUSTER_WM, "3", "traced"))
                .post(COLLECTION)
                .then()
                .statusCode(202);

        await().atMost(Duration.ofSeconds(10)).until(() -> spans.getFinishedSpanItems().stream()
                .anyMatch(span -> span.getKind() == SpanKind.SERVER));
        SpanData server = spans.getFinishedSpanItems().stream().filter(span -> span.getKind() == SpanKind.SERVER)
                .findFirst().orElseThrow();
        assertThat(spans.getFinishedSpanItems())
                .filteredOn(span -> span.getParentSpanId().equals(server.getSpanId()))
                .extracting(SpanData::getName)
                .contains(Spans.VALIDATE, Spans.POLICY, Spans.ATTEMPT + "create");
    }

    @Test
    void shouldCarryTheTraceAndSpanIdsOfTheRequestInItsLogLines() {
        spans.reset();
        String id = UUID.randomUUID().toString();
        stubWorkload(id);

        CapturedLog.Line line;
        try (CapturedLog access = CapturedLog.of("io.infergate.access")) {
            given().get(COLLECTION + "/" + id).then().statusCode(200);
            await().atMost(Duration.ofSeconds(5)).until(() -> !access.lines().isEmpty());
            line = access.lines().get(0);
        }

        String traceId = wireMock.findAll(getRequestedFor(urlEqualTo(COLLECTION + "/" + id))).get(0)
                .getHeader("traceparent").split("-")[1];
        SpanData server = serverSpanOf(traceId);
        assertThat(line.message()).startsWith("GET " + COLLECTION + "/{workloadId} 200 ");
        assertThat(line.mdc()).containsEntry("traceId", server.getTraceId()).containsEntry("spanId", server.getSpanId());
    }

    /** A workload in project 3 that the WireMock cluster holds. */
    private void stubWorkload(String id) {
        wireMock.stubFor(get(urlEqualTo(COLLECTION + "/" + id)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"workloadId\":\"" + id + "\",\"projectId\":\"3\",\"clusterId\":\"" + WireMockCluster.CLUSTER_WM
                        + "\"}")));
    }

    /**
     * @return the gateway's server span of a trace, once exported
     */
    private SpanData serverSpanOf(String traceId) {
        await().atMost(Duration.ofSeconds(10)).until(() -> spans.getFinishedSpanItems().stream()
                .anyMatch(span -> span.getKind() == SpanKind.SERVER && span.getTraceId().equals(traceId)));
        return spans.getFinishedSpanItems().stream()
                .filter(span -> span.getKind() == SpanKind.SERVER && span.getTraceId().equals(traceId))
                .findFirst().orElseThrow();
    }
}
