package io.infergate.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's {@code redis-server} on a free loopback port, without persistence, for tests of the state shared between
 * replicas; {@link #stop()} and {@link #start()} again on the same port make an outage. Without {@code redis-server}
 * the test is skipped, saying why; {@code .ci/run} installs it.
 */
public final class RedisServer implements AutoCloseable {

    private final int port = FreePorts.next();
    private final Path log;
    private Process process;

    private RedisServer(Path log) {
        this.log = log;
    }

    /**
     * @param name names the log file, {@code target/<name>.log}
     */
    public static RedisServer started(String name) throws IOException {
        Assumptions.assumeTrue(DevTokens.onPath("redis-server"), "this test needs redis-server, which this machine lacks "
                + "(Debian: apt-get install redis-server, which .ci/run does)");
        RedisServer redis = new RedisServer(PackagedJar.JAR.getParent().getParent().resolve(name + ".log"));
        redis.start();
        return redis;
    }

    /**
     * @return the {@code infergate.redis.hosts} value that reaches it
     */
    public String hosts() {
        return "redis://127.0.0.1:" + port;
    }

    /**
     * Starts it (again), empty, and waits until it answers PING.
     */
    public void start() throws IOException {
        process = new ProcessBuilder(List.of("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--maxmemory-policy", "noeviction"))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(this::answers);
    }

    /**
     * Stops it and waits until its port is closed.
     */
    public void stop() throws InterruptedException {
        process.destroy();
        process.waitFor(10, TimeUnit.SECONDS);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !answers());
    }

    private boolean answers() {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(1000);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] reply = new byte[7];
            return in.readNBytes(reply, 0, 7) == 7 && new String(reply, StandardCharsets.US_ASCII).equals("+PONG\r\n");
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            stop();
        }
    }
}
