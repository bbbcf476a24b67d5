package io.infergate.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.Endpoint;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;

/**
 * The Kubernetes manifests of {@code deployment/kubernetes}, as {@code kubectl kustomize} renders the base and each
 * overlay: typed and free of unknown fields, hardened, probing the gateway's real health endpoints on its management
 * port (which only Prometheus may reach besides the kubelet), draining within the grace period the gateway's own
 * shutdown settings need, and alerting with exactly the rules of {@code observability/}. {@link KubernetesManifestsIT} starts
 * the packaged gateway with what the overlays mount.
 */
class KubernetesManifestsTest {

    static final String BASE = "deployment/kubernetes/base";
    static final String DEV = "deployment/kubernetes/overlays/dev";
    static final String PROD = "deployment/kubernetes/overlays/prod";
    static final String RULES = "observability/prometheus/rules/infergate.rules.yaml";
    static final String CONFIG_VOLUME = "config";

    private static final Map<String, RenderedManifests> RENDERED = new ConcurrentHashMap<>();

    static RenderedManifests rendered(String directory) {
        return RENDERED.computeIfAbsent(directory, RenderedManifests::render);
    }

    @ParameterizedTest
    @ValueSource(strings = { BASE, DEV, PROD })
    void shouldRenderEveryResourceIntoItsTypedModelWithoutUnknownFields(String directory) {
        // Given / When: rendering fails on an unknown kind or field, or on any warning (see RenderedManifests)
        List<HasMetadata> resources = rendered(directory).all();

        // Then
        assertThat(resources).extracting(HasMetadata::getKind)
                .contains("ServiceAccount", "ConfigMap", "Deployment", "Service", "HorizontalPodAutoscaler",
                        "PodDisruptionBudget", "NetworkPolicy");
    }

    @ParameterizedTest
    @ValueSource(strings = { BASE, DEV })
    void shouldApplyWithoutThePrometheusOperatorsCustomResources(String directory) {
        // only kinds of the core API groups, which every cluster serves
        assertThat(rendered(directory).all()).extracting(HasMetadata::getApiVersion)
                .allSatisfy(apiVersion -> assertThat(apiVersion).matches("v1|apps/v1|autoscaling/v2|policy/v1|"
                        + "networking.k8s.io/v1"));
    }

    @Test
    void shouldMonitorProdWithTheOperatorsServiceMonitorAndPrometheusRule() {
        assertThat(rendered(PROD).all()).extracting(HasMetadata::getKind).contains("ServiceMonitor", "PrometheusRule");
    }

    @Test
    void shouldRunThreeReplicasInTheBaseAndProdAndOneInDev() {
        assertThat(rendered(BASE).deployment().getSpec().getReplicas()).isEqualTo(3);
        assertThat(rendered(PROD).deployment().getSpec().getReplicas()).isEqualTo(3);
        assertThat(rendered(DEV).deployment().getSpec().getReplicas()).isEqualTo(1);

        // the autoscaler never takes a Deployment below its replicas, nor dev above one
        assertThat(rendered(BASE).one(HorizontalPodAutoscaler.class).getSpec().getMinReplicas()).isEqualTo(3);
        HorizontalPodAutoscaler dev = rendered(DEV).one(HorizontalPodAutoscaler.class);
        assertThat(dev.getSpec().getMinReplicas()).isEqualTo(1);
        assertThat(dev.getSpec().getMaxReplicas()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = { DEV, PROD })
    void shouldRunAsNonRootOnAReadOnlyRootWithoutPrivilegesOrToken(String directory) {
        RenderedManifests manifests = rendered(directory);
        PodSpec pod = manifests.deployment().getSpec().getTemplate().getSpec();
        PodSecurityContext podContext = pod.getSecurityContext();
        SecurityContext context = manifests.container().getSecurityContext();

        assertThat(podContext.getRunAsNonRoot()).isTrue();
        assertThat(podContext.getRunAsUser()).isPositive();
        assertThat(podContext.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(context.getReadOnlyRootFilesystem()).isTrue();
        assertThat(context.getAllowPrivilegeEscalation()).isFalse();
        assertThat(context.getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(context.getCapabilities().getAdd()).isNullOrEmpty();
        // the only writable path: /tmp (java.io.tmpdir: Vert.x file cache, JVM perf data)
        assertThat(manifests.container().getVolumeMounts()).filteredOn(m -> !Boolean.TRUE.equals(m.getReadOnly()))
                .extracting(VolumeMount::getMountPath)
                .containsExactly("/tmp");
        assertThat(pod.getAutomountServiceAccountToken()).isFalse();
        assertThat(manifests.one(ServiceAccount.class).getAutomountServiceAccountToken()).isFalse();
        assertThat(pod.getServiceAccountName()).isEqualTo(manifests.one(ServiceAccount.class).getMetadata().getName());
    }

    @ParameterizedTest
    @ValueSource(strings = { DEV, PROD })
    void shouldProbeAndScrapeTheManagementPortAndServeClientsOnTheHttpPortOnly(String directory) {
        RenderedManifests manifests = rendered(directory);
        Container container = manifests.container();
        GatewayConfig config = GatewayConfig.of(container, manifests.mountedConfigMap(CONFIG_VOLUME));
        int httpPort = Integer.parseInt(config.require("quarkus.http.port"));
        int managementPort = Integer.parseInt(config.require("quarkus.management.port"));

        // Then: metrics and health have a port of their own (on the API port nothing under /q/ answers)
        assertThat(config.require("quarkus.management.enabled")).isEqualTo("true");
        assertThat(managementPort).isNotEqualTo(httpPort);
        assertThat(container.getPorts()).extracting(ContainerPort::getContainerPort)
                .containsExactlyInAnyOrder(httpPort, managementPort);
        // the three probes, on the management port
        List<HTTPGetAction> probes = List.of(container.getStartupProbe().getHttpGet(),
                container.getLivenessProbe().getHttpGet(), container.getReadinessProbe().getHttpGet());
        assertThat(probes).extracting(HTTPGetAction::getPath)
                .containsExactly("/q/health/started", "/q/health/live", "/q/health/ready");
        assertThat(probes).allSatisfy(probe -> assertThat(portNumber(container, probe.getPort().getStrVal()))
                .isEqualTo(managementPort));

        // the Service sends clients to the API port and Prometheus, by the ServiceMonitor's port (where the monitoring
        // component is applied), to the management port
        Service service = manifests.one(Service.class);
        String scrapePort = "metrics";
        if (manifests.all().stream().anyMatch(ServiceMonitor.class::isInstance)) {
            Endpoint scrape = manifests.one(ServiceMonitor.class).getSpec().getEndpoints().get(0);
            assertThat(scrape.getPath()).isEqualTo("/q/metrics");
            assertThat(scrape.getPort()).isEqualTo(scrapePort);
        }
        assertThat(service.getSpec().getPorts()).extracting(ServicePort::getName)
                .containsExactlyInAnyOrder("http", scrapePort);
        assertThat(service.getSpec().getPorts()).filteredOn(p -> p.getName().equals("http")).singleElement()
                .satisfies(port -> {
                    assertThat(port.getPort()).isEqualTo(80);
                    assertThat(portNumber(container, port.getTargetPort().getStrVal())).isEqualTo(httpPort);
                });
        assertThat(service.getSpec().getPorts()).filteredOn(p -> p.getName().equals(scrapePort)).singleElement()
                .satisfies(port -> assertThat(portNumber(container, port.getTargetPort().getStrVal()))
                        .isEqualTo(managementPort));

        // and the NetworkPolicies let anyone reach the API port, and only Prometheus the management port
        List<NetworkPolicyIngressRule> ingress = manifests.all()
                .stream()
                .filter(NetworkPolicy.class::isInstance)
                .map(NetworkPolicy.class::cast)
                .filter(p -> p.getSpec().getIngress() != null)
                .flatMap(p -> p.getSpec().getIngress().stream())
                .toList();
        assertThat(ingress).allSatisfy(rule -> assertThat(rule.getPorts()).as("a rule for every port opens nothing")
                .isNotEmpty());
        assertThat(ingress).flatExtracting(rule -> rule.getPorts())
                .extracting(port -> port.getPort().getIntVal())
                .containsExactlyInAnyOrder(httpPort, managementPort);
        assertThat(ingress).filteredOn(rule -> opens(rule, managementPort)).singleElement().satisfies(rule -> {
            assertThat(rule.getPorts()).hasSize(1);
            assertThat(rule.getFrom()).as("who may reach the management port").singleElement().satisfies(peer -> {
                assertThat(peer.getIpBlock()).isNull();
                assertThat(peer.getNamespaceSelector().getMatchLabels()).isNotEmpty();
                assertThat(peer.getPodSelector().getMatchLabels()).containsEntry("app.kubernetes.io/name", "prometheus");
            });
        });
    }

    @ParameterizedTest
    @ValueSource(strings = { DEV, PROD })
    void shouldSelectTheGatewayPodsEverywhere(String directory) {
        RenderedManifests manifests = rendered(directory);
        Deployment deployment = manifests.deployment();
        Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();

        assertThat(podLabels).containsAllEntriesOf(deployment.getSpec().getSelector().getMatchLabels());
        assertThat(podLabels).containsAllEntriesOf(manifests.one(Service.class).getSpec().getSelector());
        assertThat(podLabels).containsAllEntriesOf(
                manifests.one(PodDisruptionBudget.class).getSpec().getSelector().getMatchLabels());
        assertThat(manifests.all()).filteredOn(NetworkPolicy.class::isInstance)
                .allSatisfy(p -> assertThat(podLabels)
                        .containsAllEntriesOf(((NetworkPolicy) p).getSpec().getPodSelector().getMatchLabels()));
        assertThat(deployment.getSpec().getTemplate().getSpec().getTopologySpreadConstraints())
                .extracting(TopologySpreadConstraint::getTopologyKey)
                .containsExactlyInAnyOrder("topology.kubernetes.io/zone", "kubernetes.io/hostname");
        assertThat(deployment.getSpec().getTemplate().getSpec().getTopologySpreadConstraints())
                .allSatisfy(c -> assertThat(podLabels).containsAllEntriesOf(c.getLabelSelector().getMatchLabels()));
        assertThat(manifests.one(HorizontalPodAutoscaler.class).getSpec().getScaleTargetRef().getName())
                .isEqualTo(deployment.getMetadata().getName());
    }

    @ParameterizedTest
    @ValueSource(strings = { DEV, PROD })
    void shouldGiveTheDrainMoreTimeThanPreStopShutdownDelayAndTimeout(String directory) {
        RenderedManifests manifests = rendered(directory);
        Container container = manifests.container();
        GatewayConfig config = GatewayConfig.of(container, manifests.mountedConfigMap(CONFIG_VOLUME));

        Duration preStop = Duration.ofSeconds(container.getLifecycle().getPreStop().getSleep().getSeconds());
        assertThat(config.require("quarkus.shutdown.delay-enabled")).isEqualTo("true");
        Duration needed = preStop.plus(config.duration("quarkus.shutdown.delay"))
                .plus(config.duration("quarkus.shutdown.timeout"));
        long grace = manifests.deployment().getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds();

        assertThat(preStop).isPositive();
        assertThat(Duration.ofSeconds(grace)).as("terminationGracePeriodSeconds against preStop %s + "
                + "quarkus.shutdown.delay + quarkus.shutdown.timeout = %s", preStop, needed)
                .isGreaterThan(needed);
    }

    @ParameterizedTest
    @ValueSource(strings = { DEV, PROD })
    void shouldMountTheConfigurationWhereTheImagesWorkingDirectoryHasQuarkusReadIt(String directory) {
        RenderedManifests manifests = rendered(directory);
        Container container = manifests.container();
        ConfigMap configMap = manifests.mountedConfigMap(CONFIG_VOLUME);
        GatewayConfig config = GatewayConfig.of(container, configMap);
        VolumeMount mount = container.getVolumeMounts()
                .stream()
                .filter(m -> m.getName().equals(CONFIG_VOLUME))
                .findFirst()
                .orElseThrow();

        // Quarkus reads config/application.yaml below the working directory, which both images set too
        assertThat(mount.getMountPath()).isEqualTo(container.getWorkingDir() + "/config");
        assertThat(mount.getSubPath()).as("a subPath mount would never see a ConfigMap update").isNull();
        for (String dockerfile : List.of("deployment/container/Dockerfile.jvm",
                "deployment/container/Dockerfile.native")) {
            RuntimeStage image = RuntimeStage.of(dockerfile);
            assertThat(image.workdir()).as(dockerfile).isEqualTo(container.getWorkingDir());
            assertThat(image.user()).as(dockerfile).matches("[1-9][0-9]*");
            assertThat(image.exposed()).as(dockerfile).containsExactlyInAnyOrderElementsOf(
                    container.getPorts().stream().map(ContainerPort::getContainerPort).toList());
        }
        // the policy file named is the one mounted beside application.yaml
        assertThat(configMap.getData()).containsKeys("application.yaml", "policies.yaml");
        Path policy = Path.of(container.getWorkingDir()).resolve(config.require("infergate.policy.file")).normalize();
        assertThat(policy).isEqualTo(Path.of(mount.getMountPath(), "policies.yaml"));
    }

    @Test
    void shouldAlertInProdWithExactlyTheRulesOfObservability() {
        String directory = PROD;
        // kustomize loads no file outside its directory, so the monitoring component keeps a copy of the rules: it must
        // not drift
        JsonNode rendered = rendered(directory).document("PrometheusRule").path("spec").path("groups");
        JsonNode shipped = RenderedManifests.projectYaml(RULES).path("groups");

        assertThat(shipped.isArray() && shipped.size() > 0).as("groups in %s", RULES).isTrue();
        assertThat(rendered).as("PrometheusRule spec.groups of %s against %s", directory, RULES).isEqualTo(shipped);
        assertThat(rendered(directory).one(PrometheusRule.class).getSpec().getGroups()).hasSize(shipped.size());
    }

    @Test
    void shouldTakeEveryClientSecretOfProdFromTheSecretAndNoneFromTheConfigMap() {
        RenderedManifests prod = rendered(PROD);
        Container container = prod.container();
        JsonNode clusters = RenderedManifests
                .yaml(prod.mountedConfigMap(CONFIG_VOLUME).getData().get("application.yaml"))
                .path("infergate")
                .path("clusters");
        Map<String, EnvVar> env = container.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, Function.identity()));

        assertThat(clusters.size()).isPositive();
        for (Iterator<Map.Entry<String, JsonNode>> it = clusters.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> cluster = it.next();
            assertThat(cluster.getValue().has("client-secret")).as("a client secret in the ConfigMap").isFalse();
            if (cluster.getValue().path("auth").asText().equals("client-credentials")) {
                String name = "INFERGATE_CLUSTERS_" + cluster.getKey().toUpperCase(Locale.ROOT).replace('-', '_')
                        + "_CLIENT_SECRET";
                assertThat(env).as("env of cluster %s", cluster.getKey()).containsKey(name);
                assertThat(env.get(name).getValueFrom().getSecretKeyRef().getName()).isEqualTo("infergate-credentials");
            }
        }
        assertThat(env.get("QUARKUS_OTEL_SDK_DISABLED").getValue()).isEqualTo("false");
        assertThat(env.get("QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT").getValue()).startsWith("http");
        assertThat(container.getImage()).doesNotEndWith(":latest").contains(":");
    }

    @Test
    void shouldPointDevAtItsOwnSimulatorsAndTrustOnlyTheDevKey() {
        RenderedManifests dev = rendered(DEV);
        JsonNode config = RenderedManifests.yaml(dev.mountedConfigMap(CONFIG_VOLUME).getData().get("application.yaml"));
        JsonNode bundledDev = RenderedManifests.projectYaml(GatewayConfig.BUNDLED).path("%dev");
        Map<String, String> simulatorIds = new ConcurrentHashMap<>();
        config.path("infergate").path("simulator").path("clusters").forEach(
                sim -> simulatorIds.put(sim.path("port").asText(), sim.path("id").asText()));

        assertThat(simulatorIds).isNotEmpty();
        config.path("infergate").path("clusters").forEach(cluster -> {
            String url = cluster.path("url").asText();
            assertThat(url).startsWith("http://127.0.0.1:");
            assertThat(simulatorIds.get(url.substring(url.lastIndexOf(':') + 1))).as("simulator behind %s", url)
                    .isEqualTo(cluster.path("id").asText());
        });
        assertThat(config.path("quarkus").path("oidc").path("public-key"))
                .isEqualTo(bundledDev.path("quarkus").path("oidc").path("public-key"));
        assertThat(config.path("quarkus").path("oidc").has("auth-server-url")).isFalse();
    }

    private static boolean opens(NetworkPolicyIngressRule rule, int port) {
        return rule.getPorts().stream().anyMatch(p -> p.getPort().getIntVal() == port);
    }

    private static int portNumber(Container container, String name) {
        return container.getPorts()
                .stream()
                .filter(p -> name.equals(p.getName()))
                .map(ContainerPort::getContainerPort)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no container port named " + name));
    }
}
