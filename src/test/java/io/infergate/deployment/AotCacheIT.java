package io.infergate.deployment;

import static io.infergate.testing.VendorApi.COLLECTION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.infergate.testing.FreePorts;
import io.infergate.testing.PackagedJar;

/**
 * What the JVM image does at build time and at every start (docs/design.md, decision 32): {@code aot-train.sh} writes
 * an AOT cache for the packaged jar, and the jar then starts from it. {@code -XX:AOTMode=on} makes a JVM that cannot use
 * the cache refuse to start, so a cache that does not fit the jar (another class path, another packaging) fails here
 * rather than silently costing every pod its fast start. How much faster is a benchmark's question
 * ({@code bench/compare.sh}), not this test's.
 * <p>
 * Needs a JDK 25 or later: {@code AOT_JAVA}, or one under {@code /usr/lib/jvm}, or the JVM running the tests. Without
 * one it is skipped, saying so.
 */
class AotCacheIT {

    private static final List<String> OPTIONS = List.of("-XX:+UseSerialGC", "-Xmx256m");

    @Test
    void shouldStartThePackagedJarFromTheCacheTheTrainingScriptWrites() throws Exception {
        Optional<Path> java = jdk25();
        assumeTrue(java.isPresent(), "no JDK 25 or later (AOT_JAVA, /usr/lib/jvm, java.home): the AOT cache is untested");
        Path cache = PackagedJar.JAR.getParent().getParent().resolve("aot-it/app.aot");
        Files.createDirectories(cache.getParent());

        List<String> command = new ArrayList<>(List.of("deployment/container/aot-train.sh",
                PackagedJar.JAR.getParent().toString(), cache.toString()));
        command.addAll(OPTIONS);
        ProcessBuilder training = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(cache.resolveSibling("training.log").toFile());
        training.environment().put("JAVA", java.get().toString());
        training.environment().put("AOT_TRAIN_PORT", Integer.toString(FreePorts.next()));
        training.environment().put("AOT_TRAIN_MANAGEMENT_PORT", Integer.toString(FreePorts.next()));
        training.environment().put("AOT_TRAIN_SIMULATOR_PORT", Integer.toString(FreePorts.next()));
        Process trainer = training.start();
        assertThat(trainer.waitFor(180, TimeUnit.SECONDS)).as("training within 180 s").isTrue();
        assertThat(trainer.exitValue()).as(Files.readString(cache.resolveSibling("training.log"))).isZero();
        assertThat(cache).isNotEmptyFile();

        List<String> options = new ArrayList<>(OPTIONS);
        options.addAll(List.of("-XX:AOTMode=on", "-XX:AOTCache=" + cache));
        int simulator = FreePorts.next();
        String cluster = "5e0a7c1d-2b3c-4d5e-8f60-718293a4b5c6";
        try (PackagedJar jar = PackagedJar.start("aot-it/gateway", java.get().toString(), options, Map.of(
                "quarkus.oidc.public-key", throwawayKey(), "quarkus.oidc.token.issuer", "https://aot-it.infergate.invalid",
                "quarkus.shutdown.delay-enabled", "false",
                "infergate.simulator.clusters.sim.id", cluster,
                "infergate.simulator.clusters.sim.port", Integer.toString(simulator),
                "infergate.clusters.sim.id", cluster,
                "infergate.clusters.sim.url", "http://127.0.0.1:" + simulator))) {
            HttpResponse<String> refused = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(jar.uri(COLLECTION))
                            .timeout(Duration.ofSeconds(10))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(refused.body()).contains("\"code\":401");
            assertThat(jar.output()).doesNotContain("[error][aot]");
        }
    }

    /** The JDK this test trains with: an explicit one, else the newest 25+ under /usr/lib/jvm, else this one if 25+. */
    private static Optional<Path> jdk25() throws IOException {
        String explicit = System.getenv("AOT_JAVA");
        if (explicit != null && !explicit.isBlank()) {
            return Optional.of(Path.of(explicit));
        }
        Path jvms = Path.of("/usr/lib/jvm");
        if (Files.isDirectory(jvms)) {
            try (Stream<Path> homes = Files.list(jvms)) {
                Optional<Path> found = homes.filter(home -> feature(home) >= 25)
                        .max(Comparator.comparingInt(AotCacheIT::feature))
                        .map(home -> home.resolve("bin/java"));
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Runtime.version().feature() >= 25
                ? Optional.of(Path.of(System.getProperty("java.home"), "bin", "java"))
                : Optional.empty();
    }

    /** The Java feature release of a JDK home, from its {@code release} file; 0 when it has none. */
    private static int feature(Path home) {
        try {
            Matcher version = Pattern.compile("JAVA_VERSION=\"(\\d+)").matcher(Files.readString(home.resolve("release")));
            return version.find() && Files.isExecutable(home.resolve("bin/java")) ? Integer.parseInt(version.group(1)) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** An RSA public key whose private half is dropped at once: the gateway must start with one, and no token passes. */
    private static String throwawayKey() throws NoSuchAlgorithmException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return Base64.getEncoder().encodeToString(generator.generateKeyPair().getPublic().getEncoded());
    }
}
