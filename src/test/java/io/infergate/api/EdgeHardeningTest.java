package io.infergate.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.infergate.testing.RunningSimulator;
import io.infergate.testing.Simulators;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/**
 * Requests shaped to smuggle a second request past a proxy, or to exhaust its parser, are refused at the HTTP layer
 * and never reach a cluster: the control plane sees exactly one request per client request, or none.
 */
@QuarkusTest
@WithTestResource(RunningSimulator.class)
class EdgeHardeningTest {

    private static final String BODY = "{\"name\":\"smuggled\",\"projectId\":\"7\",\"clusterId\":\""
            + RunningSimulator.CLUSTER_A + "\",\"spec\":{\"leader\":{\"image\":\"nvcr.io/nim/llama:1\"}}}";

    @BeforeEach
    void resetSimulators() {
        Simulators.reset("sim-a", "sim-b");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "Content-Length with Transfer-Encoding | Content-Length: LENGTH\\r\\nTransfer-Encoding: chunked | CHUNKED | 400",
            "Transfer-Encoding: chunked, x | Transfer-Encoding: chunked, x | CHUNKED | 400",
            "two equal Content-Length | Content-Length: LENGTH\\r\\nContent-Length: LENGTH | PLAIN | 400",
            "two different Content-Length | Content-Length: LENGTH\\r\\nContent-Length: 5 | PLAIN | 400" })
    void shouldRefuseSmugglingShapesWithoutReachingTheCluster(String shape, String headers, String framing, int status)
            throws IOException {
        String body = "CHUNKED".equals(framing)
                ? Integer.toHexString(BODY.length()) + "\r\n" + BODY + "\r\n0\r\n\r\n"
                : BODY;
        String request = "POST /api/v1/workloads/distributed-inferences HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/json\r\n"
                + headers.replace("\\r\\n", "\r\n").replace("LENGTH", Integer.toString(BODY.length())) + "\r\n\r\n"
                + body;

        assertThat(exchange(request)).startsWith("HTTP/1.1 " + status);
        assertThat(Simulators.stats("sim-a")).containsEntry("create", 0);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "URL too long | GET /api/v1/workloads/distributed-inferences/LONG HTTP/1.1\\r\\nHost: localhost | 414",
            "headers too large | GET /api/v1/workloads/distributed-inferences HTTP/1.1\\r\\nHost: localhost\\r\\nX-Big: LONG | 431" })
    void shouldRefuseOversizedRequestLinesAndHeaders(String shape, String head, int status) throws IOException {
        String request = head.replace("\\r\\n", "\r\n").replace("LONG", "a".repeat(40_000)) + "\r\n\r\n";

        assertThat(exchange(request)).contains(" " + status + " ");
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
