package io.infergate.contract;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A schema of the vendor spec with {@code $ref}s followed and {@code allOf} members folded in, read independently of
 * the production code so the tests derive their expectations from the spec itself.
 */
record Merged(Map<String, JsonNode> properties, List<String> required, JsonNode items, Map<String, JsonNode> keywords) {

    static Merged of(VendorSpec spec, JsonNode schema) {
        Map<String, JsonNode> properties = new LinkedHashMap<>();
        List<String> required = new ArrayList<>();
        Map<String, JsonNode> keywords = new LinkedHashMap<>();
        JsonNode[] items = new JsonNode[1];
        fold(spec, spec.resolve(schema), properties, required, keywords, items);
        return new Merged(properties, required, items[0], keywords);
    }

    private static void fold(VendorSpec spec, JsonNode schema, Map<String, JsonNode> properties, List<String> required,
            Map<String, JsonNode> keywords, JsonNode[] items) {
        schema.fields().forEachRemaining(keyword -> keywords.putIfAbsent(keyword.getKey(), keyword.getValue()));
        for (JsonNode member : schema.path("allOf")) {
            fold(spec, spec.resolve(member), properties, required, keywords, items);
        }
        schema.path("properties").fields().forEachRemaining(p -> properties.putIfAbsent(p.getKey(), p.getValue()));
        schema.path("required").forEach(name -> required.add(name.asText()));
        if (items[0] == null && schema.has("items")) {
            items[0] = schema.get("items");
        }
    }

    boolean has(String keyword) {
        return keywords.containsKey(keyword);
    }

    String text(String keyword) {
        JsonNode value = keywords.get(keyword);
        return value == null ? null : value.asText();
    }

    boolean bool(String keyword) {
        return keywords.containsKey(keyword) && keywords.get(keyword).asBoolean();
    }

    int integer(String keyword) {
        return keywords.get(keyword).asInt();
    }

    BigDecimal number(String keyword) {
        return keywords.get(keyword).decimalValue();
    }
}
