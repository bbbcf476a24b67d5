package io.infergate.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

class SimulatorConfigTest {

    /** The mapping as Quarkus builds it, including its converter for durations such as {@code 2s}. */
    static SimulatorConfig configOf(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withConverter(Duration.class, 200, new DurationConverter())
                .withMapping(SimulatorConfig.class)
                .withSources(new PropertiesConfigSource(properties, "test", 100))
                .build();
        return config.getConfigMapping(SimulatorConfig.class);
    }

    @Test
    void shouldDefaultToNoClustersAndNoCredentialsWithoutAnyKey() {
        // Given no infergate.simulator key at all
        // When the mapping is built
        SimulatorConfig config = configOf(Map.of());

        // Then nothing is simulated and the documented defaults hold
        assertThat(config.clusters()).isEmpty();
        assertThat(config.credentials()).isEmpty();
        assertThat(config.phaseDelay()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.tokenTtl()).isEqualTo(Duration.ofHours(1));
        assertThat(config.requireToken()).isFalse();
    }

    @Test
    void shouldReadClustersAndCredentials() {
        // Given two clusters, one with an explicit host, and one credential
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        Map<String, String> properties = Map.of(
                "infergate.simulator.clusters.a.id", a.toString(),
                "infergate.simulator.clusters.a.port", "18081",
                "infergate.simulator.clusters.b.id", b.toString(),
                "infergate.simulator.clusters.b.port", "18082",
                "infergate.simulator.clusters.b.host", "0.0.0.0",
                "infergate.simulator.phase-delay", "100ms",
                "infergate.simulator.require-token", "true",
                "infergate.simulator.credentials.gateway", "s3cret");

        // When the mapping is built
        SimulatorConfig config = configOf(properties);

        // Then every key is read and the host defaults to loopback
        assertThat(config.clusters()).containsOnlyKeys("a", "b");
        assertThat(config.clusters().get("a").id()).isEqualTo(a);
        assertThat(config.clusters().get("a").port()).isEqualTo(18081);
        assertThat(config.clusters().get("a").host()).isEqualTo("127.0.0.1");
        assertThat(config.clusters().get("b").host()).isEqualTo("0.0.0.0");
        assertThat(config.phaseDelay()).isEqualTo(Duration.ofMillis(100));
        assertThat(config.credentials()).containsExactly(Map.entry("gateway", "s3cret"));
        assertThat(config.requireToken()).isTrue();
    }
}
