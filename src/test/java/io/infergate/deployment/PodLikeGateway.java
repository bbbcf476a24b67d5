package io.infergate.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.infergate.testing.FreePorts;

/**
 * The packaged gateway ({@code target/quarkus-app/quarkus-run.jar}) started the way a rendered Deployment starts it in
 * the JVM image: the {@code ENTRYPOINT} of {@code Dockerfile.jvm}, a working directory standing for the container's
 * with the mounted ConfigMap's files below it where the volume mount puts them, and the container's environment and
 * nothing else (Secret references get test values; a Redis URL one that never resolves).
 * <p>
 * One difference, since the pod's network namespace is not the test machine's: ports are free ones, given the way an
 * operator overrides a key, by environment variable ({@link #envName}). Requests name the container port, as a probe or
 * a Service does, and go to the free port that stands for it.
 */
final class PodLikeGateway implements AutoCloseable {

    private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final Path log;
    private final Container container;
    /** The free port standing for each container port the gateway listens on. */
    private final Map<Integer, Integer> ports;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private PodLikeGateway(Process process, Path log, Container container, Map<Integer, Integer> ports) {
        this.process = process;
        this.log = log;
        this.container = container;
        this.ports = Map.copyOf(ports);
    }

    /**
     * Lays out the pod's working directory in {@code workingDir} and starts the gateway in it.
     *
     * @param overrides environment variables added to the container's, named with {@link #envName}
     * @param name names the log file, {@code target/<name>.log}
     */
    static PodLikeGateway start(RenderedManifests manifests, Path workingDir, Map<String, String> overrides, String name) {
        assertThat(JAR).as("the packaged gateway; run through Maven (verify packages it first)").isRegularFile();
        Container container = manifests.container();
        mountConfigMap(manifests, container, workingDir);

        // the ports the pod's gateway listens on, as its configuration says, each moved to a free one
        GatewayConfig config = GatewayConfig.of(container, manifests.mountedConfigMap(KubernetesManifestsTest.CONFIG_VOLUME));
        Map<String, String> env = new HashMap<>();
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        for (EnvVar var : container.getEnv()) {
            env.put(var.getName(), valueOf(var));
        }
        Map<Integer, Integer> ports = new HashMap<>();
        for (String key : List.of("quarkus.http.port", "quarkus.management.port")) {
            int free = FreePorts.next();
            ports.put(Integer.parseInt(config.require(key)), free);
            env.put(envName(key), Integer.toString(free));
        }
        env.putAll(overrides);

        ProcessBuilder builder = new ProcessBuilder(command(container.getWorkingDir()))
                .directory(workingDir.toFile())
                .redirectErrorStream(true);
        Path log = Path.of("target", name + ".log").toAbsolutePath();
        builder.redirectOutput(log.toFile());
        builder.environment().clear();
        builder.environment().putAll(env);
        try {
            PodLikeGateway gateway = new PodLikeGateway(builder.start(), log, container, ports);
            Runtime.getRuntime().addShutdownHook(new Thread(gateway::close));
            return gateway;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param key a dotted configuration key, e.g. {@code infergate.simulator.clusters.sim-a.port}
     * @return the environment variable that overrides it, as Quarkus maps it ({@code INFERGATE_SIMULATOR_CLUSTERS_SIM_A_PORT})
     */
    static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    /**
     * Polls {@code path} until it answers 200, or fails with the end of the gateway's log.
     *
     * @param port the name of a container port, as a probe names it
     * @return the 200 answer's body
     */
    String awaitOk(String port, String path) {
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        HttpResponse<String> last = null;
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new AssertionError("the gateway exited with " + process.exitValue() + "; its log:\n" + logTail());
            }
            try {
                last = get(port, path, Map.of());
                if (last.statusCode() == 200) {
                    return last.body();
                }
            } catch (UncheckedIOException e) {
                // not listening yet
            }
            pause();
        }
        throw new AssertionError("no 200 from " + path + " within " + READY_TIMEOUT + " (last: "
                + (last == null ? "no answer" : last.statusCode() + " " + last.body()) + "); log:\n" + logTail());
    }

    /**
     * @param port the name of a container port, as a probe or a Service's {@code targetPort} names it
     */
    HttpResponse<String> get(String port, String path, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + local(port) + path))
                .timeout(Duration.ofSeconds(10));
        headers.forEach(request::header);
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The free port standing for a named container port; a port the gateway does not listen on fails the test. */
    private int local(String name) {
        int containerPort = container.getPorts()
                .stream()
                .filter(p -> name.equals(p.getName()))
                .map(ContainerPort::getContainerPort)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no container port named " + name));
        Integer local = ports.get(containerPort);
        if (local == null) {
            throw new AssertionError("container port " + name + " (" + containerPort + ") is none the gateway listens on: "
                    + ports.keySet());
        }
        return local;
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log at " + log + ")";
        }
    }

    /** Stops the gateway as the kubelet does, with SIGTERM, and forcibly only when it does not exit in time. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /**
     * @return every file below {@code workingDir} outside the mounted ConfigMap: what the gateway wrote where the
     *         container's root file system is read-only
     */
    static List<Path> writtenOutsideConfig(Path workingDir, String configDir) {
        try (Stream<Path> files = Files.walk(workingDir)) {
            return files.filter(Files::isRegularFile)
                    .map(workingDir::relativize)
                    .filter(p -> !p.startsWith(configDir))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void mountConfigMap(RenderedManifests manifests, Container container, Path workingDir) {
        VolumeMount mount = container.getVolumeMounts()
                .stream()
                .filter(m -> m.getName().equals(KubernetesManifestsTest.CONFIG_VOLUME))
                .findFirst()
                .orElseThrow();
        Path mounted = workingDir.resolve(Path.of(container.getWorkingDir()).relativize(Path.of(mount.getMountPath())));
        ConfigMap configMap = manifests.mountedConfigMap(KubernetesManifestsTest.CONFIG_VOLUME);
        try {
            Files.createDirectories(mounted);
            for (Map.Entry<String, String> file : configMap.getData().entrySet()) {
                Files.writeString(mounted.resolve(file.getKey()), file.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The JVM image's ENTRYPOINT, with this machine's java and the packaged jar in place of the image's paths, and
     * without the image's AOT cache: its JVM made it at image build ({@code aot-train.sh}), this one starts as a JVM
     * does without it ({@link AotCacheIT} starts from a cache).
     */
    private static List<String> command(String containerWorkingDir) {
        RuntimeStage image = RuntimeStage.of("deployment/container/Dockerfile.jvm");
        String imageJar = containerWorkingDir + "/quarkus-run.jar";
        String imageCache = "-XX:AOTCache=" + containerWorkingDir + "/app.aot";
        assertThat(image.entrypoint()).as("Dockerfile.jvm ENTRYPOINT")
                .startsWith("java")
                .contains(imageJar, imageCache);
        List<String> command = new ArrayList<>();
        for (String argument : image.entrypoint()) {
            if (argument.equals(imageCache)) {
                continue;
            }
            if (argument.equals("java")) {
                command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            } else if (argument.equals(imageJar)) {
                command.add(JAR.toAbsolutePath().toString());
            } else {
                command.add(argument);
            }
        }
        return command;
    }

    private static String valueOf(EnvVar var) {
        if (var.getValue() != null) {
            return var.getValue();
        }
        if (var.getValueFrom() != null && var.getValueFrom().getSecretKeyRef() != null) {
            String key = var.getValueFrom().getSecretKeyRef().getKey();
            // a Redis URL (components/redis): one that never resolves, so the pod meets an unreachable Redis
            return var.getName().endsWith("_REDIS_HOSTS") ? "redis://test-value-of-" + key + ".invalid:6379"
                    : "test-value-of-" + key;
        }
        throw new AssertionError("environment variable " + var.getName() + " has neither a value nor a Secret reference");
    }

    private static void pause() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
