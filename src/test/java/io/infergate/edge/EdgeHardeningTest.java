package io.infergate.edge;

import static io.infergate.testing.VendorApi.COLLECTION;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.infergate.testing.GatewayHttp;
import io.infergate.testing.RawConnection;
import io.infergate.testing.RunningSimulator;
import io.infergate.testing.Simulators;
import io.infergate.testing.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/**
 * Requests shaped to smuggle a second request past a proxy (or a second identity past authentication), or to exhaust
 * its parser, are refused at the HTTP layer and never reach a cluster: the control plane sees exactly one request per
 * client request, or none, and only the credential that was verified. A refused head is answered in the vendor
 * {@code Error} shape; an answer before the body ends the connection. Cleartext HTTP/2 is off (the default). Shapes
 * marked with a CVE are those Netty's parser got wrong before the version {@link NettyVersionTest} requires.
 */
@QuarkusTest
@WithTestResource(RunningSimulator.class)
class EdgeHardeningTest {

    private static final String BODY = "{\"name\":\"smuggled\",\"projectId\":\"7\",\"clusterId\":\""
            + RunningSimulator.CLUSTER_A + "\",\"spec\":{\"leader\":{\"image\":\"nvcr.io/nim/llama:1\"}}}";
    /** Far beyond any answer's time on a loaded machine; asserted on nothing tighter. */
    private static final Duration PATIENCE = Duration.ofSeconds(5);
    /** Rides behind every shape: a parser that misframes the shape would serve it as a second request, a lookup. */
    private static final String SMUGGLED = "GET /api/v1/workloads/distributed-inferences/3fa85f64-5717-4562-b3fc-2c963f66afa6"
            + " HTTP/1.1\r\nHost: localhost\r\n\r\n";

    @BeforeEach
    void resetSimulators() {
        Simulators.reset("sim-a", "sim-b");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "Content-Length with Transfer-Encoding | POST | Content-Length: LENGTH\\r\\nTransfer-Encoding: chunked | CHUNKED",
            "Transfer-Encoding: chunked, x | POST | Transfer-Encoding: chunked, x | CHUNKED",
            "Transfer-Encoding: chunked, xchunked (CVE-2026-89044) | POST | Transfer-Encoding: chunked, xchunked | CHUNKED",
            "chunked, then another Transfer-Encoding | POST | Transfer-Encoding: chunked\\r\\nTransfer-Encoding: identity | CHUNKED",
            "HTTP/1.0 with Content-Length and Transfer-Encoding (CVE-2026-42581) | POST_1_0 | Content-Length: 5\\r\\nTransfer-Encoding: chunked | CHUNKED",
            "two equal Content-Length | POST | Content-Length: LENGTH\\r\\nContent-Length: LENGTH | PLAIN",
            "two different Content-Length | POST | Content-Length: LENGTH\\r\\nContent-Length: 5 | PLAIN",
            "control byte before the request line (CVE-2026-50020) | SOH_POST | Content-Length: LENGTH | PLAIN" })
    void shouldRefuseSmugglingShapesWithoutReachingTheCluster(String shape, String start, String headers, String framing)
            throws IOException {
        String request = requestLine(start) + "Host: localhost\r\nContent-Type: application/json\r\n"
                + headers.replace("\\r\\n", "\r\n").replace("LENGTH", Integer.toString(BODY.length())) + "\r\n\r\n"
                + ("CHUNKED".equals(framing) ? chunked(Integer.toHexString(BODY.length()) + "\r\n") : BODY);

        String response = exchange(request + SMUGGLED);

        assertThat(response).startsWith("HTTP/1.1 400 ")
                .containsIgnoringCase("content-type: application/json")
                .contains("\"code\":400");
        assertNothingReachedTheClusters();
    }

    /**
     * A body whose chunk framing a lenient parser would read differently (the "funky chunks" family: CVE-2025-58056,
     * CVE-2026-33870): the head was valid, so Vert.x has begun the request when the body turns out to be unframeable;
     * it ends the request and closes the connection, and nothing reaches a cluster.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "bare LF inside a chunk extension | SIZE;a\\nb\\r\\n |",
            "bare LF ending the chunk-size line | SIZE\\n |",
            "CRLF inside a quoted chunk extension | SIZE;a=\"b\\r\\n |",
            "chunk data not followed by CRLF | SIZE\\r\\n | XX" })
    void shouldRefuseMalformedChunksWithoutReachingTheCluster(String shape, String sizeLine, String afterData)
            throws IOException {
        String line = sizeLine.replace("\\r", "\r").replace("\\n", "\n").replace("SIZE", Integer.toHexString(BODY.length()));
        String body = afterData == null ? chunked(line) : line + BODY + afterData + "0\r\n\r\n";
        String request = requestLine("POST") + "Host: localhost\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n" + body;

        String response = exchange(request + SMUGGLED);

        assertThat(response).doesNotStartWith("HTTP/1.1 2");
        assertNothingReachedTheClusters();
    }

    @Test
    void shouldForwardAWellFramedChunkedCreateExactlyOnce() throws IOException {
        String request = requestLine("POST") + "Host: localhost\r\nContent-Type: application/json\r\n"
                + "Authorization: " + TestTokens.adminHeader() + "\r\n"
                + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                + chunked(Integer.toHexString(BODY.length()) + "\r\n");

        assertThat(exchange(request)).startsWith("HTTP/1.1 202 ");
        assertThat(Simulators.stats("sim-a")).containsEntry("create", 1);
        assertThat(Simulators.stats("sim-b")).containsEntry("create", 0);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "URL too long | GET /api/v1/workloads/distributed-inferences/LONG HTTP/1.1\\r\\nHost: localhost | 414",
            "headers too large | GET /api/v1/workloads/distributed-inferences HTTP/1.1\\r\\nHost: localhost\\r\\nX-Big: LONG | 431" })
    void shouldRefuseOversizedRequestLinesAndHeadersInErrorShape(String shape, String head, int status) throws IOException {
        String request = head.replace("\\r\\n", "\r\n").replace("LONG", "a".repeat(40_000)) + "\r\n\r\n";

        String response = exchange(request);

        assertThat(response).startsWith("HTTP/1.1 " + status + " ")
                .containsIgnoringCase("content-type: application/json")
                .contains("\"code\":" + status)
                .contains("\"details\":");
        assertNothingReachedTheClusters();
    }

    @Test
    void shouldNotServeHttp2ByPriorKnowledgeByDefault() throws IOException {
        try (RawConnection client = new RawConnection()) {
            // Given a client that opens with the HTTP/2 connection preface, as h2c by prior knowledge does
            client.send(H2Frames.prefaceAndSettings());

            // When the server answers
            String answer = client.readResponse(PATIENCE);

            // Then it reads the preface as an HTTP/1.1 request line and refuses its version: no SETTINGS frame, no HTTP/2
            assertThat(answer).startsWith("HTTP/1.1 505 ")
                    .containsIgnoringCase("content-type: application/json")
                    .contains("\"code\":505");
        }
    }

    @Test
    void shouldNotUpgradeToH2cByDefault() throws IOException {
        try (RawConnection client = new RawConnection()) {
            // Given a request that asks to switch to HTTP/2
            client.send("GET /nothing/here HTTP/1.1\r\nHost: localhost\r\nConnection: Upgrade, HTTP2-Settings\r\n"
                    + "Upgrade: h2c\r\nHTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n\r\n");

            // When it is answered
            String answer = client.readResponse(PATIENCE);

            // Then it is served over HTTP/1.1, not switched
            assertThat(answer).startsWith("HTTP/1.1 404 ").doesNotContain("101 Switching");
        }
    }

    /**
     * An answer sent before the body has been read leaves the rest of the body where the next request head would be:
     * the connection must end, and it must end while the client is still sending, not when it gives up.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "401 to a create without a token | POST | | application/json | 401",
            "413 to a Content-Length over the limit | POST | AUTH | application/json | 413",
            "415 to a body that is not JSON | POST | AUTH | application/xml | 415",
            "405 to a method the path does not serve | PUT | AUTH | application/json | 405" })
    void shouldCloseTheConnectionWhenAnsweringBeforeTheBodyArrived(String shape, String method, String auth,
            String contentType, int status) throws IOException {
        // Given a request head announcing a body, and only the body's first bytes
        long length = status == 413 ? 2L * 1024 * 1024 : BODY.length();
        try (RawConnection client = new RawConnection()) {
            client.send(method + " /api/v1/workloads/distributed-inferences HTTP/1.1\r\nHost: localhost\r\n"
                    + (auth == null ? "" : "Authorization: " + TestTokens.adminHeader() + "\r\n")
                    + "Content-Type: " + contentType + "\r\nContent-Length: " + length + "\r\n\r\n"
                    + BODY.substring(0, 10));

            // When the answer comes before the rest of the body, which goes on trickling in
            String answer = client.readResponse(PATIENCE);
            boolean closed = false;
            for (int i = 10; !closed && i < 20; i++) {
                closed = !client.send(BODY.substring(i, i + 1)) || client.closedWithin(Duration.ofMillis(500));
            }

            // Then the answer said it closes the connection, and the server closed it within those five seconds
            assertThat(answer).startsWith("HTTP/1.1 " + status + " ").containsIgnoringCase("connection: close");
            assertThat(closed).as("connection closed by the server while the body trickled").isTrue();
        }
        assertNothingReachedTheClusters();
    }

    /**
     * A second credential would be another identity: the gateway authenticated the first, and the control plane read
     * both, joined, as none (it created the workload as {@code anonymous}).
     */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "POST, /api/v1/workloads/distributed-inferences",
            "GET, /api/v1/workloads/distributed-inferences/3fa85f64-5717-4562-b3fc-2c963f66afa6",
            "DELETE, /api/v1/workloads/distributed-inferences/3fa85f64-5717-4562-b3fc-2c963f66afa6",
            "GET, /infergate/v1/clusters",
            "GET, /infergate/v1/policies/effective?clusterId=" + RunningSimulator.CLUSTER_A + "&projectId=7",
            "POST, /infergate/v1/distributed-inferences/preview" })
    void shouldRefuseTwoAuthorizationHeadersWith400(String method, String path) throws IOException {
        String other = "Bearer " + TestTokens.builder().subject("someone-else").groups(TestTokens.ADMINS).sign();
        String request = method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Authorization: " + TestTokens.adminHeader() + "\r\nAuthorization: " + other + "\r\n"
                + "Content-Length: " + BODY.length() + "\r\nConnection: close\r\n\r\n" + BODY;

        String response = exchange(request);

        assertThat(response).startsWith("HTTP/1.1 400 ")
                .containsIgnoringCase("content-type: application/json")
                .contains("\"code\":400")
                .contains("one Authorization header");
        assertNothingReachedTheClusters();
    }

    @Test
    void shouldRefuseASecondCredentialJoinedIntoOneAuthorizationHeader() throws IOException {
        String request = "POST /api/v1/workloads/distributed-inferences HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/json\r\nAuthorization: " + TestTokens.adminHeader() + ", Bearer "
                + TestTokens.admin() + "\r\nContent-Length: " + BODY.length() + "\r\nConnection: close\r\n\r\n" + BODY;

        assertThat(exchange(request)).startsWith("HTTP/1.1 400 ").contains("\"code\":400");
        assertNothingReachedTheClusters();
    }

    @Test
    void shouldCreateAsTheCallerWhoseTokenWasVerified() {
        // Given a caller's token, its scheme written in lower case (as RFC 9110 allows)
        String token = TestTokens.builder().subject("alice").groups(TestTokens.ADMINS).sign();

        // When it creates a workload
        HttpResponse<String> response = GatewayHttp.send("POST", COLLECTION,
                "bearer " + token, BODY);

        // Then the control plane created it as the caller the gateway verified
        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.body()).contains("\"createdBy\":\"alice\"");
        assertThat(Simulators.stats("sim-a")).containsEntry("create", 1);
    }

    private static String requestLine(String start) {
        String target = " /api/v1/workloads/distributed-inferences ";
        if ("POST_1_0".equals(start)) {
            return "POST" + target + "HTTP/1.0\r\n";
        }
        if ("SOH_POST".equals(start)) {
            return "\u0001POST" + target + "HTTP/1.1\r\n";
        }
        return start + target + "HTTP/1.1\r\n";
    }

    private static String chunked(String sizeLine) {
        return sizeLine + BODY + "\r\n0\r\n\r\n";
    }

    private static void assertNothingReachedTheClusters() {
        assertThat(Simulators.stats("sim-a")).containsAllEntriesOf(Map.of("get", 0, "create", 0));
        assertThat(Simulators.stats("sim-b")).containsAllEntriesOf(Map.of("get", 0, "create", 0));
    }

    /**
     * Sends raw bytes and reads until the server closes the connection (it must: a refused request leaves the stream in
     * an unknown state) or three seconds pass.
     */
    private static String exchange(String request) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), RestAssured.port)) {
            socket.setSoTimeout(3_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int read = in.read(buffer); read != -1; read = in.read(buffer)) {
                    received.write(buffer, 0, read);
                }
            } catch (SocketTimeoutException e) {
                throw new AssertionError("the connection stayed open after a refused request: " + received, e);
            } catch (IOException e) {
                // a reset after the answer is as good as a close
            }
            return received.toString(StandardCharsets.ISO_8859_1);
        }
    }
}
