package io.infergate.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.infergate.testing.FreePorts;

/**
 * A real Keycloak, run from the distribution that the build unpacked into {@code target/} (system property
 * {@code keycloak.home}, set by failsafe). It downloads nothing: it starts {@code bin/kc.sh start-dev} on a free
 * loopback port with an in-memory database, imports the realm file given, and waits until the realm answers discovery.
 * Keycloak runs on the JDK that runs the tests.
 */
final class Keycloak implements AutoCloseable {

    /** The bootstrap admin of the {@code master} realm; test-only credentials. */
    static final String ADMIN = "admin";
    static final String ADMIN_PASSWORD = "admin-test-password";

    /**
     * Measured on two shared, busy cores: 35-85 s, plus 15-30 s the first time, when {@code start-dev} augments the
     * freshly unpacked distribution.
     */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(300);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final int port;
    private final Path log;

    private Keycloak(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Starts Keycloak and returns once {@code realm} answers discovery.
     *
     * @param realmFile a realm export, imported at startup
     * @param realm the name of the realm in that file
     */
    static Keycloak start(Path realmFile, String realm) {
        Path home = home();
        int port = FreePorts.next();
        try {
            Path imports = Files.createDirectories(home.resolve("data/import"));
            Files.copy(realmFile, imports.resolve(realmFile.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            Path log = home.resolveSibling("keycloak.log");
            ProcessBuilder builder = new ProcessBuilder(List.of("sh", "bin/kc.sh", "start-dev",
                    "--http-host=127.0.0.1", "--http-port=" + port, "--db=dev-mem", "--cache=local",
                    "--import-realm"))
                    .directory(home.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
            builder.environment().put("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx512m");
            builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN);
            builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
            Keycloak keycloak = new Keycloak(builder.start(), port, log);
            Runtime.getRuntime().addShutdownHook(new Thread(keycloak::close));
            keycloak.awaitRealm(realm);
            return keycloak;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @return where Keycloak listens, e.g. {@code http://127.0.0.1:41234}
     */
    String url() {
        return "http://127.0.0.1:" + port;
    }

    /**
     * @return the loopback port Keycloak listens on
     */
    int port() {
        return port;
    }

    private static Path home() {
        String home = System.getProperty("keycloak.home");
        if (home == null || !Files.isRegularFile(Path.of(home, "bin/kc.sh"))) {
            throw new IllegalStateException("No Keycloak distribution at keycloak.home=" + home
                    + "; run through Maven (./mvnw verify), which unpacks it in pre-integration-test");
        }
        return Path.of(home);
    }

    private void awaitRealm(String realm) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest discovery = HttpRequest
                .newBuilder(URI.create(url() + "/realms/" + realm + "/.well-known/openid-configuration"))
                .timeout(Duration.ofSeconds(5))
                .build();
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited with " + process.exitValue() + "; see " + log);
            }
            if (answers(http, discovery)) {
                return;
            }
            pause();
        }
        close();
        throw new IllegalStateException("Keycloak did not serve realm " + realm + " within " + START_TIMEOUT
                + "; see " + log);
    }

    private static boolean answers(HttpClient http, HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for Keycloak", e);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for Keycloak", e);
        }
    }

    /**
     * Stops {@code kc.sh} and the JVM it started: politely first, then forcibly.
     */
    @Override
    public void close() {
        List<ProcessHandle> tree = process.descendants().toList();
        tree.forEach(ProcessHandle::destroy);
        process.destroy();
        if (!exited(STOP_TIMEOUT, tree)) {
            tree.forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            exited(STOP_TIMEOUT, tree);
        }
    }

    private boolean exited(Duration timeout, List<ProcessHandle> tree) {
        try {
            Instant deadline = Instant.now().plus(timeout);
            for (ProcessHandle handle : tree) {
                long left = Math.max(0, Duration.between(Instant.now(), deadline).toMillis());
                handle.onExit().get(left, TimeUnit.MILLISECONDS);
            }
            long left = Math.max(0, Duration.between(Instant.now(), deadline).toMillis());
            return process.waitFor(left, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }
}
