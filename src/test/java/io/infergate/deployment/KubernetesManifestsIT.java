package io.infergate.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.infergate.testing.DevTokens;
import io.infergate.testing.FreePorts;

/**
 * The packaged gateway starts with what each overlay gives its pod — the mounted ConfigMap at the mount path below the
 * container's working directory, the container's environment, the JVM image's entrypoint — becomes ready and answers
 * every probe on the port the probe names (the management port; the API port has no {@code /q/}). Dev's control planes are
 * simulated inside the gateway; prod's identity provider and control planes are
 * placeholders this machine cannot reach, which readiness does not ask about (it means "this replica can serve"), and
 * its Secret's values are test values.
 */
class KubernetesManifestsIT {

    /** The container port clients reach through the Service. */
    private static final String API = "http";
    /** Where Prometheus scrapes a replica (the management port), with or without the Operator's ServiceMonitor. */
    private static final String METRICS_PATH = "/q/metrics";

    @Test
    void shouldStartTheDevOverlayAsItsPodWouldAndAnswerEveryProbe(@TempDir Path workingDir) throws IOException {
        // Given
        RenderedManifests dev = KubernetesManifestsTest.rendered(KubernetesManifestsTest.DEV);
        JsonNode config = RenderedManifests
                .yaml(dev.mountedConfigMap(KubernetesManifestsTest.CONFIG_VOLUME).getData().get("application.yaml"));

        // When
        try (PodLikeGateway gateway = PodLikeGateway.start(dev, workingDir, freeSimulatorPorts(config), "k8s-dev-gateway")) {
            Container container = dev.container();
            HTTPGetAction readiness = container.getReadinessProbe().getHttpGet();
            String ready = gateway.awaitOk(readiness.getPort().getStrVal(), readiness.getPath());

            // Then: every probe of the Deployment and a scrape of the Service's metrics port (dev has no ServiceMonitor)
            // answer on the ports they name
            assertThat(RenderedManifests.yaml(ready).path("status").asText()).isEqualTo("UP");
            assertEveryProbeAnswers(gateway, container);
            String scraped = targetPort(dev, "metrics");
            assertThat(gateway.get(scraped, METRICS_PATH, Map.of()).body()).contains("infergate_requests_in_flight");
            // and the API port has none of it
            assertThat(gateway.get(API, METRICS_PATH, Map.of()).statusCode()).isEqualTo(404);
            assertThat(gateway.get(API, readiness.getPath(), Map.of()).statusCode()).isEqualTo(404);
            // the dev key of deployment/dev/token.sh is trusted, and both simulated clusters are configured
            String clusters = gateway.get(API, "/infergate/v1/clusters", Map.of("Authorization", "Bearer " + DevTokens.mint()))
                    .body();
            assertThat(RenderedManifests.yaml(clusters).findValuesAsText("name")).containsExactlyInAnyOrder("cluster-a",
                    "cluster-b");
        }
        // nothing written where the container's root file system is read-only
        assertThat(PodLikeGateway.writtenOutsideConfig(workingDir, "config")).isEmpty();
    }

    @Test
    void shouldStartTheProdOverlayWithTestSecretsAndAnswerEveryProbe(@TempDir Path workingDir) {
        // Given: client secrets from the Secret are test values; OIDC and OTLP endpoints are the overlay's own
        RenderedManifests prod = KubernetesManifestsTest.rendered(KubernetesManifestsTest.PROD);

        // When
        try (PodLikeGateway gateway = PodLikeGateway.start(prod, workingDir, Map.of(), "k8s-prod-gateway")) {
            Container container = prod.container();
            HTTPGetAction readiness = container.getReadinessProbe().getHttpGet();
            gateway.awaitOk(readiness.getPort().getStrVal(), readiness.getPath());

            // Then: the configuration was accepted (the gateway refuses to start on a client-credentials cluster
            // without its secret), every probe answers, and callers are authenticated
            assertEveryProbeAnswers(gateway, container);
            assertThat(gateway.get(API, "/api/v1/workloads/distributed-inferences/3fa85f64-5717-4562-b3fc-2c963f66afa6",
                    Map.of()).statusCode()).isEqualTo(401);
        }
    }

    private static void assertEveryProbeAnswers(PodLikeGateway gateway, Container container) {
        for (HTTPGetAction probe : List.of(container.getStartupProbe().getHttpGet(),
                container.getLivenessProbe().getHttpGet(), container.getReadinessProbe().getHttpGet())) {
            assertThat(gateway.get(probe.getPort().getStrVal(), probe.getPath(), Map.of()).statusCode())
                    .as("%s on port %s", probe.getPath(), probe.getPort().getStrVal())
                    .isEqualTo(200);
        }
    }

    /** The container port (by name) behind a port of the Service, as the Service's targetPort names it. */
    private static String targetPort(RenderedManifests manifests, String servicePort) {
        return manifests.one(Service.class)
                .getSpec()
                .getPorts()
                .stream()
                .filter(p -> p.getName().equals(servicePort))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no Service port " + servicePort))
                .getTargetPort()
                .getStrVal();
    }

    /**
     * Moves every simulated control plane of the dev configuration, and the cluster routed to it, to a free port.
     */
    private static Map<String, String> freeSimulatorPorts(JsonNode config) {
        Map<String, String> env = new HashMap<>();
        Map<String, Integer> moved = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = config.path("infergate").path("simulator").path("clusters")
                .fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> sim = it.next();
            int port = FreePorts.next();
            moved.put(sim.getValue().path("port").asText(), port);
            env.put(PodLikeGateway.envName("infergate.simulator.clusters." + sim.getKey() + ".port"),
                    Integer.toString(port));
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = config.path("infergate").path("clusters").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> cluster = it.next();
            String url = cluster.getValue().path("url").asText();
            Integer port = moved.get(url.substring(url.lastIndexOf(':') + 1));
            assertThat(port).as("a simulator behind %s", url).isNotNull();
            env.put(PodLikeGateway.envName("infergate.clusters." + cluster.getKey() + ".url"),
                    "http://127.0.0.1:" + port);
        }
        return env;
    }

}
