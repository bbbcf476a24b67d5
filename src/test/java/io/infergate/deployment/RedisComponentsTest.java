package io.infergate.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;

/**
 * The Redis components of {@code deployment/kubernetes/components}: {@code redis} points the gateway at the Redis its
 * Secret names and opens the way there (the prod overlay uses it, see {@link KubernetesManifestsTest}),
 * {@code redis-in-cluster} adds a Redis that only the gateway reaches, unprivileged and never evicting a key.
 */
class RedisComponentsTest {

    @Test
    void shouldPointProdAtTheRedisOfItsSecretAndLetThePodsReachIt() {
        RenderedManifests prod = KubernetesManifestsTest.rendered(KubernetesManifestsTest.PROD);

        EnvVar hosts = prod.container().getEnv().stream()
                .filter(env -> env.getName().equals("INFERGATE_REDIS_HOSTS"))
                .findFirst()
                .orElseThrow();
        assertThat(hosts.getValueFrom().getSecretKeyRef().getName()).isEqualTo("infergate-redis");
        assertThat(hosts.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("hosts");
        NetworkPolicy gateway = prod.all().stream().filter(NetworkPolicy.class::isInstance).map(NetworkPolicy.class::cast)
                .filter(p -> p.getMetadata().getName().equals("infergate"))
                .findFirst()
                .orElseThrow();
        assertThat(gateway.getSpec().getEgress()).flatExtracting(rule -> rule.getPorts())
                .extracting(port -> port.getPort().getIntVal())
                .contains(6379, 443, 53);
    }

    @Test
    void shouldAddARedisOnlyTheGatewayReaches() throws IOException {
        // Given an overlay of the base with both components
        Path overlay = Path.of("target/redis-in-cluster-overlay");
        Files.createDirectories(overlay);
        Files.writeString(overlay.resolve("kustomization.yaml"), """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources:
                  - ../../deployment/kubernetes/base
                components:
                  - ../../deployment/kubernetes/components/redis
                  - ../../deployment/kubernetes/components/redis-in-cluster
                """);

        // When it is rendered
        RenderedManifests rendered = RenderedManifests.render(overlay.toString());

        // Then the Redis runs unprivileged, keeps nothing on disk and never evicts a key
        StatefulSet redis = rendered.one(StatefulSet.class);
        Container container = redis.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(redis.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(container.getArgs()).containsSubsequence("--maxmemory-policy", "noeviction");
        assertThat(redis.getSpec().getTemplate().getSpec().getAutomountServiceAccountToken()).isFalse();

        // And its Service selects it, and its NetworkPolicy admits the gateway's pods only, on 6379
        List<Service> services = rendered.all().stream().filter(Service.class::isInstance).map(Service.class::cast)
                .filter(service -> service.getMetadata().getName().equals("infergate-redis"))
                .toList();
        assertThat(services).singleElement()
                .satisfies(service -> assertThat(redis.getSpec().getTemplate().getMetadata().getLabels())
                        .containsAllEntriesOf(service.getSpec().getSelector()));
        NetworkPolicy policy = rendered.all().stream().filter(NetworkPolicy.class::isInstance)
                .map(NetworkPolicy.class::cast)
                .filter(p -> p.getMetadata().getName().equals("infergate-redis"))
                .findFirst()
                .orElseThrow();
        assertThat(redis.getSpec().getTemplate().getMetadata().getLabels())
                .containsAllEntriesOf(policy.getSpec().getPodSelector().getMatchLabels());
        assertThat(policy.getSpec().getIngress()).singleElement().satisfies(rule -> {
            assertThat(rule.getFrom()).singleElement()
                    .satisfies(peer -> assertThat(peer.getPodSelector().getMatchLabels())
                            .containsEntry("app.kubernetes.io/name", "infergate"));
            assertThat(rule.getPorts()).singleElement().satisfies(port -> assertThat(port.getPort().getIntVal())
                    .isEqualTo(6379));
        });
        assertThat(policy.getSpec().getPolicyTypes()).contains("Egress");
        assertThat(policy.getSpec().getEgress()).isNullOrEmpty();
    }
}
