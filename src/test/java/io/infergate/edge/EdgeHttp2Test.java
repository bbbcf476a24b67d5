package io.infergate.edge;

import static io.infergate.edge.EdgeConnectionLimitsTest.BODY;
import static io.infergate.edge.EdgeConnectionLimitsTest.GENEROUS;
import static io.infergate.testing.VendorApi.COLLECTION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.infergate.edge.H2Frames.Frame;
import io.infergate.testing.RawConnection;
import io.infergate.testing.RunningSimulator;
import io.infergate.testing.Simulators;
import io.infergate.testing.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * With cleartext HTTP/2 configured on, an HTTP/2 connection meets the deadlines an HTTP/1.x one does: its header blocks
 * are bounded by {@code infergate.edge.request-head-timeout} (a block trickled in CONTINUATION frames gets a GOAWAY and
 * the connection closed, whether the connection began by prior knowledge or by {@code Upgrade: h2c}), and its streams'
 * bodies by {@code infergate.edge.request-body-timeout}; a stream answered before its body ended is reset. Frames are
 * built by hand ({@link H2Frames}): no HTTP/2 client trickles. The same short limits as {@link EdgeConnectionLimitsTest}.
 */
@QuarkusTest
@TestProfile(EdgeConnectionLimitsTest.ShortLimits.class)
@WithTestResource(RunningSimulator.class)
class EdgeHttp2Test {

    @BeforeEach
    void resetSimulators() {
        Simulators.reset("sim-a", "sim-b");
    }

    @Test
    void shouldServeAWholeHttp2HeaderBlockOverH2c() throws Exception {
        try (RawConnection client = new RawConnection()) {
            // Given an HTTP/2 connection by prior knowledge, and one request whose header block comes whole
            client.send(H2Frames.concat(H2Frames.prefaceAndSettings(), H2Frames.frame(H2Frames.HEADERS,
                    H2Frames.END_HEADERS | H2Frames.END_STREAM, 1, getBlock("/nothing/here"))));

            // When the server answers
            Frame answer = awaitFrame(client, H2Frames.HEADERS, 1);

            // Then it answered on the stream: the frames of these tests are what a server serves
            assertThat(H2Frames.status(answer)).isEqualTo("404");
        }
    }

    @Test
    void shouldCloseAnHttp2ConnectionWhoseHeaderBlockTricklesInContinuationFrames() throws Exception {
        try (RawConnection slowloris = new RawConnection()) {
            // Given an HTTP/2 connection by prior knowledge
            slowloris.send(H2Frames.prefaceAndSettings());

            // When a header block arrives a byte a second: a HEADERS frame without END_HEADERS, then CONTINUATION frames
            boolean closed = trickleHeaderBlock(slowloris, 1);

            // Then the server has sent a GOAWAY and closed the connection, without answering the request
            assertThat(closed).as("connection closed by the server within %s", GENEROUS).isTrue();
            assertThat(H2Frames.parse(slowloris.receivedBytes())).extracting(Frame::type)
                    .contains(H2Frames.GOAWAY)
                    .doesNotContain(H2Frames.HEADERS);
        }
    }

    @Test
    void shouldCloseAnUpgradedH2cConnectionWhoseHeaderBlockTrickles() throws Exception {
        try (RawConnection slowloris = new RawConnection()) {
            // Given a connection switched to HTTP/2 by an Upgrade: h2c request, which is answered on stream 1
            slowloris.send("GET /nothing/here HTTP/1.1\r\nHost: localhost\r\nConnection: Upgrade, HTTP2-Settings\r\n"
                    + "Upgrade: h2c\r\nHTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n\r\n");
            slowloris.readAtLeast(20, GENEROUS);
            assertThat(slowloris.received()).startsWith("HTTP/1.1 101 ");
            slowloris.send(H2Frames.prefaceAndSettings());

            // When the next request's header block arrives a byte a second
            boolean closed = trickleHeaderBlock(slowloris, 3);

            // Then the server has closed the connection
            assertThat(closed).as("connection closed by the server within %s", GENEROUS).isTrue();
        }
    }

    @Test
    void shouldAnswer408ToAnHttp2BodyTricklingPastTheBodyDeadline() throws Exception {
        try (RawConnection slow = new RawConnection()) {
            // Given an HTTP/2 create with a token whose header block comes whole, announcing a body
            slow.send(H2Frames.concat(H2Frames.prefaceAndSettings(), H2Frames.frame(H2Frames.HEADERS,
                    H2Frames.END_HEADERS, 1, postBlock(TestTokens.adminHeader()))));

            // When the body arrives a byte a second in DATA frames, until the server answers (never its last byte)
            long end = System.nanoTime() + GENEROUS.toNanos();
            for (int i = 0; i < BODY.length() - 1 && answerTo(slow, 1) == null && System.nanoTime() < end; i++) {
                slow.send(H2Frames.frame(H2Frames.DATA, 0, 1, BODY.substring(i, i + 1).getBytes(StandardCharsets.UTF_8)));
                slow.closedWithin(Duration.ofSeconds(1));
            }

            // Then the stream was answered 408 in the Error shape and reset; the connection, shared, stays
            Frame answer = answerTo(slow, 1);
            assertThat(answer).as("an answer on stream 1 within %s", GENEROUS).isNotNull();
            assertThat(H2Frames.status(answer)).isEqualTo("408");
            assertThat(slow.received()).contains("\"code\":408");
            assertThat(H2Frames.parse(slow.receivedBytes())).extracting(Frame::type, Frame::stream)
                    .contains(tuple(H2Frames.RST_STREAM, 1))
                    .doesNotContain(tuple(H2Frames.GOAWAY, 0));
        }
        assertThat(Simulators.stats("sim-a")).containsEntry("create", 0);
    }

    @Test
    void shouldResetAnHttp2StreamAnsweredBeforeItsBody() throws Exception {
        try (RawConnection client = new RawConnection()) {
            // Given an HTTP/2 create without a token, announcing a body of which nothing is sent yet
            client.send(H2Frames.concat(H2Frames.prefaceAndSettings(), H2Frames.frame(H2Frames.HEADERS,
                    H2Frames.END_HEADERS, 1, postBlock(null))));

            // When it is answered
            Frame answer = awaitFrame(client, H2Frames.HEADERS, 1);
            Frame reset = awaitFrame(client, H2Frames.RST_STREAM, 1);

            // Then the answer is a 401 and the stream is reset without error, so the client stops sending the body
            assertThat(H2Frames.status(answer)).isEqualTo("401");
            assertThat(reset.payload()).containsExactly(0, 0, 0, 0);
        }
    }

    /** Sends a GET's header block a byte a frame: HEADERS without END_HEADERS, then CONTINUATION frames. */
    private static boolean trickleHeaderBlock(RawConnection connection, int stream) throws Exception {
        byte[] block = getBlock("/nothing/here");
        return connection.trickle(block.length - 1,
                i -> connection.send(H2Frames.frame(i == 0 ? H2Frames.HEADERS : H2Frames.CONTINUATION,
                        i == 0 ? H2Frames.END_STREAM : 0, stream, new byte[] { block[i] })),
                GENEROUS);
    }

    /** A GET's header block, padded so that a byte a second takes far longer than the head deadline. */
    private static byte[] getBlock(String path) {
        return H2Frames.headerBlock(":method", "GET", ":scheme", "http", ":path", path, ":authority", "localhost",
                "x-padding", "p".repeat(40));
    }

    private static byte[] postBlock(String authorization) {
        return authorization == null
                ? H2Frames.headerBlock(":method", "POST", ":scheme", "http", ":path", COLLECTION, ":authority", "localhost",
                        "content-type", "application/json", "content-length", Integer.toString(BODY.length()))
                : H2Frames.headerBlock(":method", "POST", ":scheme", "http", ":path", COLLECTION, ":authority", "localhost",
                        "content-type", "application/json", "content-length", Integer.toString(BODY.length()),
                        "authorization", authorization);
    }

    /** @return the first HEADERS frame the server sent on the stream, or {@code null} */
    private static Frame answerTo(RawConnection connection, int stream) {
        return H2Frames.parse(connection.receivedBytes())
                .stream()
                .filter(frame -> frame.type() == H2Frames.HEADERS && frame.stream() == stream)
                .findFirst()
                .orElse(null);
    }

    /** Reads until the server has sent a frame of the type on the stream, for at most {@link #GENEROUS}. */
    private static Frame awaitFrame(RawConnection connection, int type, int stream) throws Exception {
        long end = System.nanoTime() + GENEROUS.toNanos();
        while (System.nanoTime() < end) {
            Frame found = H2Frames.parse(connection.receivedBytes())
                    .stream()
                    .filter(frame -> frame.type() == type && frame.stream() == stream)
                    .findFirst()
                    .orElse(null);
            if (found != null) {
                return found;
            }
            if (connection.closedWithin(Duration.ofMillis(200))) {
                break;
            }
        }
        throw new AssertionError("no frame of type " + type + " on stream " + stream + " within " + GENEROUS);
    }
}
