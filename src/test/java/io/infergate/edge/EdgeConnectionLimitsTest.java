package io.infergate.edge;

import static io.infergate.testing.VendorApi.COLLECTION;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.infergate.testing.RawConnection;
import io.infergate.testing.RunningSimulator;
import io.infergate.testing.Simulators;
import io.infergate.testing.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Connections are a bounded resource: a client that never finishes its request head loses its connection after
 * {@code infergate.edge.request-head-timeout}, one that never finishes its body after
 * {@code infergate.edge.request-body-timeout}, and no more than {@code quarkus.http.limits.max-connections} are served at
 * once. Cleartext HTTP/2 is on here ({@link EdgeHttp2Test} shows HTTP/2 connections meeting the same deadlines), so the
 * HTTP/1.x connections are shown to keep them behind h2c detection.
 */
@QuarkusTest
@TestProfile(EdgeConnectionLimitsTest.ShortLimits.class)
@WithTestResource(RunningSimulator.class)
class EdgeConnectionLimitsTest {

    /** A 2 s head deadline, a 6 s body deadline, h2c, and room for four connections, so the tests stay short. */
    public static class ShortLimits implements QuarkusTestProfile {

        static final int MAX_CONNECTIONS = 4;

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("infergate.edge.request-head-timeout", "2s",
                    "infergate.edge.request-body-timeout", "6s",
                    "infergate.edge.http2-cleartext", "true",
                    "quarkus.http.limits.max-connections", Integer.toString(MAX_CONNECTIONS));
        }
    }

    private static final String GET_UNKNOWN = "GET /nothing/here HTTP/1.1\r\nHost: localhost\r\n\r\n";
    /** Far beyond the 6 s deadline plus a one-second trickle interval on a loaded machine; nothing tighter is asserted. */
    static final Duration GENEROUS = Duration.ofSeconds(20);
    static final String BODY = Simulators.createBody(RunningSimulator.CLUSTER_A, "7", "slow");

    @BeforeEach
    void resetSimulators() {
        Simulators.reset("sim-a", "sim-b");
    }

    @Test
    void shouldAnswer408AndCloseAConnectionWhoseHeadTricklesPastTheDeadline() throws Exception {
        try (RawConnection slowloris = new RawConnection()) {
            // Given a request head that stops in the middle of a header
            slowloris.send("POST /api/v1/workloads/distributed-inferences HTTP/1.1\r\nHost: x\r\nX-a: ");

            // When the client goes on sending one byte a second, as long as the server lets it
            long end = System.nanoTime() + GENEROUS.toNanos();
            boolean closed = false;
            while (!closed && System.nanoTime() < end) {
                closed = !slowloris.send("a") || slowloris.closedWithin(Duration.ofSeconds(1));
            }

            // Then the server has answered 408 in the Error shape and closed the connection
            assertThat(closed).as("connection closed by the server within %s", GENEROUS).isTrue();
            assertThat(slowloris.received()).startsWith("HTTP/1.1 408 ").contains("\"code\":408");
        }
    }

    @Test
    void shouldServeAHeadThatTricklesInWithinTheDeadline() throws Exception {
        try (RawConnection client = new RawConnection()) {
            for (String piece : new String[] { "GET /nothing", "/here HTTP/1.1\r\n", "Host: localhost\r\n", "\r\n" }) {
                client.send(piece);
                Thread.sleep(250);
            }

            assertThat(client.readResponse(GENEROUS)).startsWith("HTTP/1.1 404 ");
        }
    }

    @Test
    void shouldKeepAnIdleKeepAliveConnectionOpenPastTheDeadline() throws Exception {
        try (RawConnection client = new RawConnection()) {
            // Given a connection that was served a request
            client.send(GET_UNKNOWN);
            assertThat(client.readResponse(GENEROUS)).startsWith("HTTP/1.1 404 ");

            // When it stays idle for longer than the head deadline (but not the idle timeout)
            assertThat(client.closedWithin(Duration.ofSeconds(3))).isFalse();

            // Then it is still open, and serves the next request
            client.send(GET_UNKNOWN);
            assertThat(client.readResponse(GENEROUS)).startsWith("HTTP/1.1 404 ");
        }
    }

    @Test
    void shouldServeABodySlowerThanTheHeadDeadlineWithinItsOwn() throws Exception {
        try (RawConnection client = new RawConnection()) {
            // Given a whole head at once, with a token, so that the body is read
            client.send("POST " + COLLECTION + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + TestTokens.adminHeader()
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + BODY.length() + "\r\n\r\n");

            // When its body takes longer than the head deadline to arrive, though less than the body deadline
            int third = BODY.length() / 3;
            for (String piece : new String[] { BODY.substring(0, third), BODY.substring(third, 2 * third),
                    BODY.substring(2 * third) }) {
                Thread.sleep(1_200);
                client.send(piece);
            }

            // Then the create is served
            assertThat(client.readResponse(GENEROUS)).startsWith("HTTP/1.1 202 ");
        }
    }

    @Test
    void shouldAnswer408AndCloseAConnectionWhoseBodyTricklesPastTheBodyDeadline() throws Exception {
        try (RawConnection slow = new RawConnection()) {
            // Given a whole head, with a token, announcing a body
            slow.send("POST " + COLLECTION + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + TestTokens.adminHeader()
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + BODY.length() + "\r\n\r\n");

            // When the body arrives a byte a second, as long as the server lets it (never its last byte)
            boolean closed = slow.trickle(BODY.length() - 1, i -> slow.send(BODY.substring(i, i + 1)), GENEROUS);

            // Then the server has answered 408 in the Error shape and closed the connection
            assertThat(closed).as("connection closed by the server within %s", GENEROUS).isTrue();
            assertThat(slow.received()).startsWith("HTTP/1.1 408 ")
                    .containsIgnoringCase("connection: close")
                    .contains("\"code\":408")
                    .contains("body");
        }
        assertThat(Simulators.stats("sim-a")).containsEntry("create", 0);
    }

    @Test
    void shouldCloseConnectionsBeyondTheCapWithoutServingThem() {
        // connections of earlier tests are forgotten by the server a moment after they close, hence the retries
        Awaitility.await().atMost(GENEROUS).pollInterval(Duration.ofMillis(500)).until(this::capHolds);
    }

    /**
     * Opens one connection more than the cap allows, each asking for a response and keeping its connection.
     *
     * @return whether exactly the first {@code max-connections} were served and the one beyond was closed unanswered
     */
    private boolean capHolds() throws IOException {
        List<RawConnection> open = new ArrayList<>();
        try {
            for (int i = 0; i < ShortLimits.MAX_CONNECTIONS; i++) {
                RawConnection served = new RawConnection();
                open.add(served);
                served.send(GET_UNKNOWN);
                if (!served.readResponse(GENEROUS).startsWith("HTTP/1.1 404 ")) {
                    return false;
                }
            }
            RawConnection extra = new RawConnection();
            open.add(extra);
            extra.send(GET_UNKNOWN);
            return extra.closedWithin(GENEROUS) && extra.received().isEmpty();
        } finally {
            for (RawConnection connection : open) {
                connection.close();
            }
        }
    }
}
