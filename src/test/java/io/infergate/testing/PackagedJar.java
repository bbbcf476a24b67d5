package io.infergate.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;

/**
 * The packaged jar ({@code target/quarkus-app/quarkus-run.jar}) in a process of its own, in the production profile, on
 * 127.0.0.1 with a free API port and a free management port (metrics and health), with the given system properties: for
 * tests that need to signal the process, or more than one gateway at a time. Its output goes to a log file under
 * {@code target/}.
 */
public final class PackagedJar implements AutoCloseable {

    /** The packaged jar, as an absolute path. */
    public static final Path JAR = Path.of(System.getProperty("basedir", System.getProperty("user.dir")))
            .resolve("target/quarkus-app/quarkus-run.jar");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final int port;
    private final int managementPort;
    private final Path log;

    private PackagedJar(Process process, int port, int managementPort, Path log) {
        this.process = process;
        this.port = port;
        this.managementPort = managementPort;
        this.log = log;
    }

    /**
     * Starts the jar and waits until {@code /q/health/ready} answers 200 on its management port.
     *
     * @param name names the log file, {@code target/<name>.log}
     * @param properties system properties, e.g. {@code infergate.clusters.*}
     */
    public static PackagedJar start(String name, Map<String, String> properties) throws IOException {
        return start(name, ProcessHandle.current().info().command().orElse("java"), List.of("-Xmx256m"), properties);
    }

    /**
     * {@link #start(String, Map)} with another JVM.
     *
     * @param java the java executable
     * @param options JVM options before the system properties
     */
    public static PackagedJar start(String name, String java, List<String> options, Map<String, String> properties)
            throws IOException {
        int port = FreePorts.next();
        int managementPort = FreePorts.next();
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(options);
        command.addAll(List.of("-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=" + port,
                "-Dquarkus.management.host=127.0.0.1", "-Dquarkus.management.port=" + managementPort));
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", JAR.toString()));
        Path log = JAR.getParent().getParent().resolve(name + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        PackagedJar jar = new PackagedJar(process, port, managementPort, log);
        try {
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException(name + " exited with " + process.exitValue() + ":\n"
                                    + Files.readString(log));
                        }
                        return jar.status(jar.managementUri("/q/health/ready")) == 200;
                    });
        } catch (RuntimeException e) {
            jar.close();
            throw e;
        }
        return jar;
    }

    /**
     * @return the HTTP port
     */
    public int port() {
        return port;
    }

    /**
     * @return the URI of a path on this gateway's API port
     */
    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /**
     * @return the URI of a path on this gateway's management port, e.g. {@code /q/health/ready}
     */
    public URI managementUri(String path) {
        return URI.create("http://127.0.0.1:" + managementPort + path);
    }

    /**
     * @return the status of a GET on the API port, or -1 when nothing answered
     */
    public int status(String path) {
        return status(uri(path));
    }

    /**
     * @return the status of a GET, or -1 when nothing answered
     */
    public int status(URI uri) {
        try {
            return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /**
     * @return the process, e.g. to send it SIGTERM ({@link Process#destroy()}) or wait for its exit
     */
    public Process process() {
        return process;
    }

    /**
     * @return what the process has written so far
     */
    public String output() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
