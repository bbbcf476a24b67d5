package io.infergate.policy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Compiles the {@code defaults} section of one policy: every value must fit its field's type (a quantity must parse,
 * an enum value must be one the contract allows), and every itemised instance needs a unique key.
 */
final class DefaultCompiler implements SpecWalk.Visitor {

    private final SpecWalk walk;
    private final Consumer<String> problems;
    final Map<String, JsonNode> defaults = new LinkedHashMap<>();
    final Map<String, Map<String, ObjectNode>> instances = new LinkedHashMap<>();

    @Override
    public void leaf(LeafField field, ItemizedField list, JsonNode value, String where) {
        JsonNode fitted = FieldValues.fit(field, value, message -> problems.accept(where + ": " + message));
        if (fitted != null) {
            defaults.put(Policy.key(list, field), fitted);
        }
    }

    @Override
    public String itemisedShape(JsonNode given) {
        return "{instances: [...], attributes: {...}}, got " + given;
    }

    @Override
    public void instances(ItemizedField field, JsonNode items, String where) {
        if (!items.isArray()) {
            problems.accept(where + ": must be a list of items, got " + items);
            return;
        }
        Map<String, ObjectNode> byKey = new LinkedHashMap<>();
        int index = 0;
        for (JsonNode item : items) {
            String here = where + "[" + index++ + "]";
            JsonNode key = item.path(field.keyField());
            if (!item.isObject() || !key.isValueNode() || key.asText().isBlank()) {
                problems.accept(here + ": each item needs its key " + field.keyField());
            } else if (byKey.containsKey(key.asText())) {
                problems.accept(here + ": a second item with " + field.keyField() + " " + key.asText());
            } else if (item.has("exclude")) {
                problems.accept(here + ": exclude belongs in requests, not in policy defaults");
            } else {
                ObjectNode copy = item(field, (ObjectNode) item, here);
                if (copy != null) {
                    byKey.put(key.asText(), copy);
                }
            }
        }
        instances.put(field.path(), byKey);
    }

    /**
     * @return the item with its attributes fitted to their types, or null when one does not fit
     */
    private ObjectNode item(ItemizedField field, ObjectNode item, String where) {
        ObjectNode copy = JsonNodeFactory.instance.objectNode();
        copy.put(field.keyField(), item.get(field.keyField()).asText());
        ObjectNode attributes = item.deepCopy();
        attributes.remove(field.keyField());
        DefaultCompiler collector = new DefaultCompiler(walk, problems);
        walk.attributes(field, attributes, "", where, collector);
        if (collector.defaults.size() != countLeaves(attributes)) {
            return null;
        }
        String prefix = Policy.attributePrefix(field);
        collector.defaults.forEach((name, value) -> Bodies.put(copy, name.substring(prefix.length()), value));
        return copy;
    }

    /**
     * @param walk the walk of the policy file's sections, which also walks an itemised default's attributes
     */
    DefaultCompiler(SpecWalk walk, Consumer<String> problems) {
        this.walk = walk;
        this.problems = problems;
    }

    private static int countLeaves(JsonNode node) {
        if (!node.isObject()) {
            return 1;
        }
        int count = 0;
        for (JsonNode child : node) {
            count += countLeaves(child);
        }
        return count;
    }
}
