package io.infergate.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * What {@code kubectl kustomize <directory>} (or {@code kustomize build}) renders, read into fabric8's typed Kubernetes models.
 * Reading fails when a
 * document is of a kind no model knows, or when any object in it carries a field its model does not define (fabric8
 * keeps those in {@code additionalProperties} instead of refusing them; a mistyped field such as {@code readOnlyRootFs}
 * would otherwise pass unnoticed, and the API server would drop or refuse it).
 * <p>
 * The renderer is the one {@link Kustomize} finds; without one, the tests that render are skipped, saying why.
 */
final class RenderedManifests {

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final KubernetesSerialization MODELS = new KubernetesSerialization();

    private final String directory;
    private final List<HasMetadata> resources;
    private final List<JsonNode> documents;

    private RenderedManifests(String directory, List<HasMetadata> resources, List<JsonNode> documents) {
        this.directory = directory;
        this.resources = resources;
        this.documents = documents;
    }

    /**
     * @param directory a kustomization directory, relative to the project directory
     */
    static RenderedManifests render(String directory) {
        String yaml = kustomize(directory);
        List<JsonNode> documents = new ArrayList<>();
        try {
            YAML.readerFor(JsonNode.class).readValues(yaml).forEachRemaining(node -> {
                if (node instanceof JsonNode json && !json.isNull() && !json.isMissingNode()) {
                    documents.add(json);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(Kustomize.command() + " " + directory + " printed no YAML", e);
        }
        List<HasMetadata> resources = new ArrayList<>();
        for (JsonNode document : documents) {
            String name = document.path("kind").asText() + " " + document.path("metadata").path("name").asText();
            Object model = MODELS.unmarshal(document.toString());
            assertThat(model).as("%s in %s: a kind with a typed model", name, directory)
                    .isInstanceOf(HasMetadata.class)
                    .isNotInstanceOf(GenericKubernetesResource.class);
            List<String> unknown = new ArrayList<>();
            collectUnknownFields(model, name, unknown);
            assertThat(unknown).as("fields that %s's model does not define, in %s", name, directory).isEmpty();
            resources.add((HasMetadata) model);
        }
        assertThat(resources).as("resources rendered from %s", directory).isNotEmpty();
        return new RenderedManifests(directory, resources, documents);
    }

    List<HasMetadata> all() {
        return resources;
    }

    /**
     * @return the one resource of this type
     */
    <T extends HasMetadata> T one(Class<T> type) {
        List<T> found = resources.stream().filter(type::isInstance).map(type::cast).toList();
        assertThat(found).as("%s resources in %s", type.getSimpleName(), directory).hasSize(1);
        return found.get(0);
    }

    /**
     * @return the rendered document of the one resource of this kind, untyped (e.g. to compare a subtree as data)
     */
    JsonNode document(String kind) {
        List<JsonNode> found = documents.stream().filter(d -> kind.equals(d.path("kind").asText())).toList();
        assertThat(found).as("%s documents in %s", kind, directory).hasSize(1);
        return found.get(0);
    }

    Deployment deployment() {
        return one(Deployment.class);
    }

    /**
     * @return the gateway's container, the Deployment's only one
     */
    Container container() {
        List<Container> containers = deployment().getSpec().getTemplate().getSpec().getContainers();
        assertThat(containers).as("containers of the Deployment in %s", directory).hasSize(1);
        return containers.get(0);
    }

    /**
     * @return the ConfigMap the Deployment mounts as volume {@code volumeName} (its generated name carries a hash)
     */
    ConfigMap mountedConfigMap(String volumeName) {
        Volume volume = deployment().getSpec()
                .getTemplate()
                .getSpec()
                .getVolumes()
                .stream()
                .filter(v -> v.getName().equals(volumeName))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no volume " + volumeName + " in the Deployment of " + directory));
        assertThat(volume.getConfigMap()).as("volume %s is a ConfigMap", volumeName).isNotNull();
        String name = volume.getConfigMap().getName();
        return resources.stream()
                .filter(ConfigMap.class::isInstance)
                .map(ConfigMap.class::cast)
                .filter(c -> c.getMetadata().getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("volume " + volumeName + " names ConfigMap " + name
                        + ", which " + directory + " does not render"));
    }

    private static String kustomize(String directory) {
        List<String> command = new ArrayList<>(Kustomize.command());
        command.add(directory);
        Process process;
        try {
            process = new ProcessBuilder(command).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        }
        try {
            CompletableFuture<byte[]> stderr = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within 60 s");
            }
            String err = new String(stderr.join(), StandardCharsets.UTF_8);
            assertThat(process.exitValue()).as("%s exit status; stderr:%n%s", command, err).isZero();
            // kustomize warns on stderr about fields it will drop (bases, patchesStrategicMerge, ...)
            assertThat(err).as("what %s printed on stderr", command).isBlank();
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while rendering " + directory, e);
        }
    }

    private static byte[] readAll(java.io.InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Walks fabric8's model tree through its fields and reports every non-empty {@code additionalProperties}: what the
     * YAML held that the model has no field for (or held with the wrong type).
     */
    private static void collectUnknownFields(Object value, String path, List<String> found) {
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                collectUnknownFields(item, path + "[" + i++ + "]", found);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, item) -> collectUnknownFields(item, path + "." + key, found));
            return;
        }
        if (value == null || !value.getClass().getPackageName().startsWith("io.fabric8.")) {
            return;
        }
        for (Class<?> type = value.getClass(); type != Object.class; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers())) {
                    continue;
                }
                Object child = read(field, value);
                if (field.getName().equals("additionalProperties")) {
                    if (child instanceof Map<?, ?> extra && !extra.isEmpty()) {
                        found.add(path + ": " + extra.keySet());
                    }
                } else {
                    collectUnknownFields(child, path + "." + field.getName(), found);
                }
            }
        }
    }

    private static Object read(Field field, Object owner) {
        try {
            field.setAccessible(true);
            return field.get(owner);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot read " + field, e);
        }
    }

    /**
     * @return a file of the project, e.g. {@code observability/prometheus/rules/infergate.rules.yaml}, as a YAML tree
     */
    static JsonNode projectYaml(String file) {
        try {
            return YAML.readTree(Files.readString(Path.of(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @return YAML text, such as a ConfigMap's application.yaml, as a tree
     */
    static JsonNode yaml(String text) {
        try {
            return YAML.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
