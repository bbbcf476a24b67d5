package io.infergate.observability;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.infergate.testing.Authenticated.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import io.infergate.testing.InjectWireMock;
import io.infergate.testing.WireMockCluster;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * With tracing on, the control plane receives the trace context of the gateway's own server span, so its spans join
 * the gateway's trace under the span that asked.
 */
@QuarkusTest
@TestProfile(TracePropagationTest.TracingOn.class)
@WithTestResource(WireMockCluster.class)
class TracePropagationTest {

    private static final String COLLECTION = "/api/v1/workloads/distributed-inferences";

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
    void shouldSendTheTraceContextOfTheGatewaysServerSpanUpstream() {
        String id = UUID.randomUUID().toString();
        wireMock.stubFor(get(urlEqualTo(COLLECTION + "/" + id)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"workloadId\":\"" + id + "\",\"projectId\":\"3\"}")));

        given().get(COLLECTION + "/" + id).then().statusCode(200);

        List<LoggedRequest> asked = wireMock.findAll(getRequestedFor(urlEqualTo(COLLECTION + "/" + id)));
        assertThat(asked).hasSize(1);
        String[] traceparent = asked.get(0).getHeader("traceparent").split("-");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(spans.getFinishedSpanItems())
                .filteredOn(span -> span.getKind() == SpanKind.SERVER)
                .extracting(SpanData::getTraceId, SpanData::getSpanId)
                .contains(org.assertj.core.groups.Tuple.tuple(traceparent[1], traceparent[2])));
    }
}
