package io.infergate.upstream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static io.infergate.testing.Authenticated.given;
import static io.infergate.testing.Simulators.createBody;
import static io.infergate.testing.VendorApi.COLLECTION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.List;
import java.util.logging.Level;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;

import io.infergate.observability.Meters;
import io.infergate.testing.CapturedLog;
import io.infergate.testing.FaultyClusters;
import io.infergate.testing.InjectWireMock;
import io.infergate.testing.RunningSimulator;
import io.infergate.testing.Simulators;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;

/**
 * A locate fan-out cancels the clusters still answering once one has the workload. That is the normal path, and it logs
 * no error: no attempt cancelled while its answer arrives, is read or is refused (not JSON) leaves an exception for
 * Vert.x or Mutiny to report.
 */
@QuarkusTest
@WithTestResource(CancelledFanOutLogsNoErrorTest.OwnFaultyClusters.class)
class CancelledFanOutLogsNoErrorTest {

    /**
     * The clusters of {@link FaultyClusters} in an application of their own: thirty fan-outs count as requests in every
     * cluster's retry budget, which other tests of those clusters measure.
     */
    public static class OwnFaultyClusters extends FaultyClusters {
    }

    private static final int ROUNDS = 60;

    @InjectWireMock
    WireMockServer wireMock;
    @Inject
    MeterRegistry registry;

    @BeforeEach
    void reset() {
        wireMock.resetAll();
        CircuitBreakerMaintenance.get().resetAll();
        Simulators.reset("sim-a");
    }

    @Test
    void shouldLogNoErrorWhenAFanOutCancelsTheClustersStillAnswering() {
        // Given five WireMock clusters that answer a lookup about when the simulated owner does: the first with a page
        // that is not JSON (refused, then retried), the others with a 404 that trickles in, so cancellations land at
        // every stage: while waiting for a connection, before the answer, while it is read, and after it has ended
        try (CapturedLog log = CapturedLog.everything()) {
            for (int round = 0; round < ROUNDS; round++) {
                String id = Simulators.createDirectly("sim-a", createBody(RunningSimulator.CLUSTER_A, "7", "r" + round));
                wireMock.stubFor(any(anyUrl()).atPriority(10).willReturn(notJson(round)));
                // the first lookup of each round is refused (not JSON) and retried on another thread; the others trickle
                wireMock.stubFor(get(urlEqualTo(COLLECTION + "/" + id)).inScenario(id).whenScenarioStateIs(STARTED)
                        .willReturn(notJson(round)).willSetStateTo("trickle"));
                wireMock.stubFor(get(urlEqualTo(COLLECTION + "/" + id)).inScenario(id).whenScenarioStateIs("trickle")
                        .willReturn(aResponse().withStatus(404).withHeader("Content-Type", "application/json")
                                .withBody("{\"code\":404,\"message\":\"Resource id not found.\",\"pad\":\""
                                        + "x".repeat(4_000) + "\"}")
                                .withChunkedDribbleDelay(8, 5 + round % 7 * 5)));

                // When each workload is located
                given().get(COLLECTION + "/" + id).then().statusCode(200).body("workloadId", equalTo(id));
            }
            // and every cancelled attempt has let go of its connection
            await().atMost(Duration.ofSeconds(10)).until(() -> registry.find(Meters.UPSTREAM_POOL_LEASED).gauges()
                    .stream().mapToDouble(Gauge::value).sum() == 0);

            // Then nothing was logged as an error, and Mutiny dropped no exception
            List<CapturedLog.Line> lines = log.lines();
            assertThat(lines).filteredOn(line -> line.level().intValue() >= Level.SEVERE.intValue())
                    .as("ERROR lines").isEmpty();
            assertThat(lines).extracting(CapturedLog.Line::message).noneMatch(message -> message.contains("had to drop"));
        }
    }

    private static ResponseDefinitionBuilder notJson(int round) {
        return aResponse().withStatus(502).withHeader("Content-Type", "text/html").withBody("<html>bad gateway</html>")
                .withFixedDelay(round % 5 * 3);
    }
}
