package io.infergate.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.infergate.testing.Management;
import io.infergate.testing.RawConnection;
import io.infergate.testing.RunningSimulator;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Metrics and health live on the management interface, a port of their own that only Prometheus and the kubelet reach
 * (docs/security.md); on the API port nothing under {@code /q/} answers, however the path is spelled to slip past an
 * ingress's prefix rules. Requests go as raw bytes, so that no client normalises the path first.
 */
@QuarkusTest
@WithTestResource(RunningSimulator.class)
class OperatorSurfaceTest {

    private static final Duration PATIENCE = Duration.ofSeconds(10);

    @ParameterizedTest
    @ValueSource(strings = { "/q/metrics", "/q/health", "/q/health/ready", "/q/health/live", "/q/health/started",
            "/q/health/well", "/x/../q/metrics", "/q//metrics", "/q/%6detrics", "/%71/metrics", "/q/./metrics",
            "/api/v1/../../q/health/ready", "/q/metrics/", "/q/metrics?name=jvm", "/q/dev-ui", "/q/" })
    void shouldAnswerNothingUnderQOnTheApiPort(String path) throws Exception {
        // Given a connection to the API port
        try (RawConnection client = new RawConnection()) {
            // When the operator surface is asked for, spelled as an attacker would
            client.send("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
            String response = client.readResponse(PATIENCE);

            // Then it is an unknown path there, answered in the vendor Error shape
            assertThat(response).startsWith("HTTP/1.1 404 ")
                    .containsIgnoringCase("content-type: application/json")
                    .contains("\"code\":404", "\"message\":\"Resource not found.\"")
                    .doesNotContain("jvm_", "infergate_", "\"status\"");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "/q/health/started", "/q/health/live", "/q/health/ready" })
    void shouldProbeHealthOnTheManagementPort(String path) {
        Management.given().get(path).then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void shouldServeMetricsOnTheManagementPort() {
        Management.given().get("/q/metrics").then().statusCode(200).body(containsString("infergate_requests_in_flight"));
    }
}
