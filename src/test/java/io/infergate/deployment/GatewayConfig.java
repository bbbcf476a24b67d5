package io.infergate.deployment;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;

/**
 * The gateway's configuration as a rendered Deployment gives it, for the keys these tests need, with the same precedence
 * as in the pod: the container's environment, then the mounted {@code application.yaml}, then the bundled
 * {@code src/main/resources/application.yaml} (its profile-less part: the container runs the production profile).
 */
final class GatewayConfig {

    static final String BUNDLED = "src/main/resources/application.yaml";

    private final List<EnvVar> env;
    private final JsonNode mounted;
    private final JsonNode bundled;

    private GatewayConfig(List<EnvVar> env, JsonNode mounted, JsonNode bundled) {
        this.env = env;
        this.mounted = mounted;
        this.bundled = bundled;
    }

    /**
     * @param config the ConfigMap mounted as the gateway's {@code config/} directory
     */
    static GatewayConfig of(Container container, ConfigMap config) {
        String file = config.getData().get("application.yaml");
        if (file == null) {
            throw new AssertionError("ConfigMap " + config.getMetadata().getName() + " has no application.yaml");
        }
        return new GatewayConfig(container.getEnv() == null ? List.of() : container.getEnv(),
                RenderedManifests.yaml(file), RenderedManifests.projectYaml(BUNDLED));
    }

    /**
     * @param key a dotted key such as {@code quarkus.shutdown.delay}
     */
    Optional<String> get(String key) {
        String envName = key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
        Optional<String> fromEnv = env.stream()
                .filter(e -> e.getName().equals(envName) && e.getValue() != null)
                .map(EnvVar::getValue)
                .findFirst();
        return fromEnv.or(() -> lookup(mounted, key)).or(() -> lookup(bundled, key));
    }

    String require(String key) {
        return get(key).orElseThrow(() -> new AssertionError(key + " is set neither in the Deployment's environment, "
                + "nor in its mounted application.yaml, nor in " + BUNDLED));
    }

    Duration duration(String key) {
        return parseDuration(require(key));
    }

    private static Optional<String> lookup(JsonNode root, String key) {
        JsonNode node = root;
        for (String segment : key.split("\\.")) {
            node = node == null ? null : node.get(segment);
        }
        return node == null || node.isNull() || node.isContainerNode() ? Optional.empty() : Optional.of(node.asText());
    }

    /** Quarkus' duration syntax: {@code 5s}, {@code 250ms}, {@code 2m}, {@code 1h}, {@code 1d}, plain seconds or ISO-8601. */
    static Duration parseDuration(String value) {
        String v = value.trim();
        if (v.matches("\\d+")) {
            return Duration.ofSeconds(Long.parseLong(v));
        }
        if (v.matches("\\d+ms")) {
            return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
        }
        if (v.matches("\\d+[dD]")) {
            return Duration.parse("P" + v);
        }
        if (v.matches("\\d+(\\.\\d+)?[sSmMhH]")) {
            return Duration.parse("PT" + v);
        }
        return Duration.parse(v);
    }
}
