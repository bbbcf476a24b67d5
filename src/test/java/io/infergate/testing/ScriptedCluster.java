package io.infergate.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.eclipse.microprofile.config.ConfigProvider;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A cluster {@code scripted} whose control plane is a plain socket the test drives one request at a time, for sequences
 * no stub server can play in order: answer a request, reset its connection, then stop listening so the next attempt
 * finds nobody there. Only HTTP/1.1 with {@code Content-Length} bodies, which is what the gateway sends.
 */
public class ScriptedCluster implements QuarkusTestResourceLifecycleManager {

    /** The {@code clusterId} of cluster {@code scripted}. */
    public static final String CLUSTER_SCRIPTED = "8d5fdea0-b1c2-4d34-a5f6-0718293a4b5c";

    @Override
    public Map<String, String> start() {
        String prefix = "infergate.clusters.scripted.";
        return Map.of(prefix + "id", CLUSTER_SCRIPTED,
                prefix + "url", "http://127.0.0.1:" + FreePorts.next(),
                prefix + "request-timeout", "3s",
                prefix + "deadline", "4s",
                prefix + "retry.initial-backoff", "10ms",
                prefix + "retry.max-backoff", "50ms",
                prefix + "retry.budget-minimum", "1000");
    }

    @Override
    public void stop() {
        // the test closes its control plane itself
    }

    /**
     * The control plane: listens on the port the gateway was given, and hands over each request as it arrives.
     */
    public static final class ControlPlane implements AutoCloseable {

        private final ServerSocket listener;
        private final BlockingQueue<Exchange> arrived = new LinkedBlockingQueue<>();
        private final List<Socket> connections = new CopyOnWriteArrayList<>();

        private ControlPlane(ServerSocket listener) {
            this.listener = listener;
            Thread accepting = new Thread(this::accept, "scripted-control-plane");
            accepting.setDaemon(true);
            accepting.start();
        }

        /**
         * @return a control plane listening where cluster {@code scripted} points
         */
        public static ControlPlane listen() {
            String url = ConfigProvider.getConfig().getValue("infergate.clusters.scripted.url", String.class);
            try {
                ServerSocket listener = new ServerSocket();
                listener.setReuseAddress(true);
                listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                        Integer.parseInt(url.substring(url.lastIndexOf(':') + 1))));
                return new ControlPlane(listener);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private void accept() {
            while (!listener.isClosed()) {
                try {
                    Socket connection = listener.accept();
                    connections.add(connection);
                    Thread reading = new Thread(() -> read(connection), "scripted-connection");
                    reading.setDaemon(true);
                    reading.start();
                } catch (IOException closed) {
                    return;
                }
            }
        }

        private void read(Socket connection) {
            try (connection) {
                InputStream in = connection.getInputStream();
                while (true) {
                    String head = head(in);
                    if (head == null) {
                        return;
                    }
                    int length = contentLength(head);
                    byte[] body = in.readNBytes(length);
                    Exchange exchange = new Exchange(connection, head, new String(body, StandardCharsets.UTF_8));
                    arrived.add(exchange);
                    exchange.awaitAnswered();
                }
            } catch (IOException | InterruptedException gone) {
                // the test reset it, or the gateway closed it
            }
        }

        private static String head(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int matched = 0;
            while (matched < 4) {
                int next = in.read();
                if (next < 0) {
                    return null;
                }
                head.write(next);
                matched = next == "\r\n\r\n".charAt(matched) ? matched + 1 : next == '\r' ? 1 : 0;
            }
            return head.toString(StandardCharsets.ISO_8859_1);
        }

        private static int contentLength(String head) {
            for (String line : head.split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    return Integer.parseInt(line.substring("content-length:".length()).trim());
                }
            }
            return 0;
        }

        /**
         * @return the next request to reach the control plane, waiting up to ten seconds for it
         */
        public Exchange next() throws InterruptedException {
            Exchange exchange = arrived.poll(10, TimeUnit.SECONDS);
            if (exchange == null) {
                throw new AssertionError("no request reached the scripted control plane within 10 s");
            }
            return exchange;
        }

        /**
         * Stops listening: a connection attempt from now on is refused; connections already open stay open.
         */
        public void stopListening() throws IOException {
            listener.close();
        }

        /**
         * Stops listening and closes every connection, so none is reused by the next test.
         */
        @Override
        public void close() throws IOException {
            listener.close();
            for (Socket connection : connections) {
                connection.close();
            }
        }
    }

    /**
     * One request as it reached the control plane, to be answered or reset by the test.
     *
     * @param head the request line and headers
     * @param body the body, empty when there is none
     */
    public record Exchange(Socket connection, String head, String body, CountDownLatch answered) {

        Exchange(Socket connection, String head, String body) {
            this(connection, head, body, new CountDownLatch(1));
        }

        /**
         * @return the request line, e.g. {@code DELETE /api/v1/workloads/distributed-inferences/... HTTP/1.1}
         */
        public String requestLine() {
            return head.substring(0, head.indexOf("\r\n"));
        }

        /**
         * Answers with a JSON body, keeping the connection open for the next request.
         */
        public void answer(int status, String json) throws IOException {
            write(status, json, "");
            answered.countDown();
        }

        /**
         * Answers with a JSON body and {@code Connection: close}, then closes the connection: the next request needs a
         * new one.
         */
        public void answerAndClose(int status, String json) throws IOException {
            write(status, json, "Connection: close\r\n");
            connection.close();
            answered.countDown();
        }

        private void write(int status, String json, String extraHeaders) throws IOException {
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            OutputStream out = connection.getOutputStream();
            out.write(("HTTP/1.1 " + status + " Answer\r\nContent-Type: application/json\r\nContent-Length: "
                    + body.length + "\r\n" + extraHeaders + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
        }

        /**
         * Resets the connection (TCP RST) without answering.
         */
        public void reset() throws IOException {
            connection.setSoLinger(true, 0);
            connection.close();
            answered.countDown();
        }

        void awaitAnswered() throws InterruptedException {
            answered.await();
        }
    }
}
