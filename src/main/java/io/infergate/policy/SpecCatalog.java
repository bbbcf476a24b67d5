package io.infergate.policy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Every field of the DistributedInference {@code spec} a policy can name, read once from the bundled vendor contract
 * (the {@code spec} property of {@code DistributedInferenceCreationRequest}, with {@code $ref} and {@code allOf}
 * resolved), so that a policy on a field the vendor does not have is refused when the file is loaded.
 * <p>
 * Classification follows the value types of docs/runai-control-plane.md §4.2: an array whose items have an {@code exclude} flag
 * is
 * itemised; any other array is one value; {@code nodeAffinityRequired} is the one object policies treat as a whole
 * ("arbitrary object"); any other object is a section whose fields are named one by one; a string with the vendor's
 * quantity pattern is a quantity.
 */
final class SpecCatalog {

    static final String RESOURCE = "contract/distributed-inferences.openapi.json";

    private static final String QUANTITY_PATTERN = "^([+]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$";
    private static final Set<String> WHOLE_OBJECTS = Set.of("nodeAffinityRequired");
    private static final String SCHEMAS = "#/components/schemas/";

    private final JsonNode schemas;
    private final Map<String, Field> fields = new HashMap<>();
    private final Set<String> sections = new HashSet<>();

    private SpecCatalog(JsonNode spec) {
        this.schemas = spec.path("components").path("schemas");
        JsonNode request = resolved(schemas.path("DistributedInferenceCreationRequest"));
        JsonNode specSchema = properties(request).get("spec");
        if (specSchema == null) {
            throw new IllegalStateException("The vendor contract has no spec in DistributedInferenceCreationRequest");
        }
        section("", specSchema);
    }

    /**
     * @return the catalogue of the contract bundled on the classpath
     */
    static SpecCatalog bundled() {
        try (InputStream in = SpecCatalog.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("The vendor contract " + RESOURCE + " is missing from the classpath");
            }
            return new SpecCatalog(new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the vendor contract " + RESOURCE, e);
        }
    }

    /**
     * @param path dotted path below {@code spec}
     * @return the field there, or null
     */
    Field field(String path) {
        return fields.get(path);
    }

    /**
     * @param path dotted path below {@code spec}; {@code ""} is {@code spec} itself
     * @return whether an object whose fields policies name one by one lives there
     */
    boolean isSection(String path) {
        return sections.contains(path);
    }

    /**
     * @return the names allowed directly under a section, for "did you mean" style messages
     */
    List<String> children(String section) {
        String prefix = section.isEmpty() ? "" : section + ".";
        List<String> names = new ArrayList<>();
        for (String path : fields.keySet()) {
            addChild(names, prefix, path);
        }
        for (String path : sections) {
            addChild(names, prefix, path);
        }
        names.sort(String::compareTo);
        return names;
    }

    private static void addChild(List<String> names, String prefix, String path) {
        if (!path.isEmpty() && path.startsWith(prefix) && path.indexOf('.', prefix.length()) < 0) {
            names.add(path.substring(prefix.length()));
        }
    }

    private void section(String path, JsonNode schema) {
        sections.add(path);
        properties(resolved(schema)).forEach((name, child) -> {
            String childPath = path.isEmpty() ? name : path + "." + name;
            JsonNode resolved = resolved(child);
            if (isObject(resolved) && !WHOLE_OBJECTS.contains(name)) {
                section(childPath, resolved);
            } else if (isItemized(resolved)) {
                fields.put(childPath, itemized(childPath, resolved));
            } else {
                fields.put(childPath, leaf(childPath, name, resolved));
            }
        });
    }

    private ItemizedField itemized(String path, JsonNode array) {
        Map<String, JsonNode> item = properties(resolved(array.path("items")));
        String key = item.containsKey("name") ? "name" : "resource";
        Map<String, LeafField> attributes = new LinkedHashMap<>();
        item.forEach((name, schema) -> {
            if (!name.equals(key) && !name.equals("exclude")) {
                attributes(attributes, name, resolved(schema));
            }
        });
        return new ItemizedField(path, key, attributes);
    }

    private void attributes(Map<String, LeafField> into, String path, JsonNode schema) {
        if (isObject(schema)) {
            properties(schema).forEach((name, child) -> attributes(into, path + "." + name, resolved(child)));
        } else {
            into.put(path, leaf(path, path.substring(path.lastIndexOf('.') + 1), schema));
        }
    }

    private LeafField leaf(String path, String name, JsonNode schema) {
        String type = schema.path("type").asText("");
        if (WHOLE_OBJECTS.contains(name) || "object".equals(type)) {
            return new LeafField(path, ValueType.OBJECT, List.of());
        }
        if ("array".equals(type)) {
            return new LeafField(path, ValueType.ARRAY, enumOf(resolved(schema.path("items"))));
        }
        if ("integer".equals(type)) {
            return new LeafField(path, ValueType.INTEGER, List.of());
        }
        if ("number".equals(type)) {
            return new LeafField(path, ValueType.NUMBER, List.of());
        }
        if ("boolean".equals(type)) {
            return new LeafField(path, ValueType.BOOLEAN, List.of());
        }
        if (QUANTITY_PATTERN.equals(schema.path("pattern").asText())) {
            return new LeafField(path, ValueType.QUANTITY, List.of());
        }
        return new LeafField(path, ValueType.STRING, enumOf(schema));
    }

    private static List<String> enumOf(JsonNode schema) {
        List<String> values = new ArrayList<>();
        schema.path("enum").forEach(value -> values.add(value.asText()));
        return values;
    }

    private boolean isObject(JsonNode schema) {
        return !properties(schema).isEmpty() && !"array".equals(schema.path("type").asText());
    }

    private boolean isItemized(JsonNode schema) {
        return "array".equals(schema.path("type").asText())
                && properties(resolved(schema.path("items"))).containsKey("exclude");
    }

    /**
     * The properties of a schema and of everything it {@code allOf}-includes, in document order.
     */
    private Map<String, JsonNode> properties(JsonNode schema) {
        Map<String, JsonNode> all = new LinkedHashMap<>();
        for (JsonNode part : schema.path("allOf")) {
            all.putAll(properties(resolved(part)));
        }
        schema.path("properties").fields().forEachRemaining(entry -> all.put(entry.getKey(), entry.getValue()));
        return all;
    }

    /**
     * Follows {@code $ref}s, and a lone {@code allOf} wrapper with no properties of its own, to the schema that says
     * what the value is.
     */
    private JsonNode resolved(JsonNode schema) {
        JsonNode current = schema;
        for (int hops = 0; hops < 32; hops++) {
            if (current.has("$ref")) {
                current = schemas.path(current.get("$ref").asText().substring(SCHEMAS.length()));
            } else if (current.path("allOf").size() == 1 && !current.has("properties") && !current.has("type")) {
                current = current.get("allOf").get(0);
            } else {
                return current;
            }
        }
        throw new IllegalStateException("$ref cycle at " + schema);
    }
}
