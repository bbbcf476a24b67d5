package io.infergate.contract;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the vendor schema says a value looks like, with {@code $ref}s followed and {@code allOf} members merged: the
 * fields an object may have, which of them the descriptions call "(mandatory)", and the shape of array items. Built
 * once from the bundled spec.
 *
 * @param fields the fields an object may have, in spec order
 * @param mandatory the fields whose description says "(mandatory)"
 * @param items the shape of array elements, or {@code null}
 * @param objectLike whether the value is an object (the schema has properties or {@code type: object})
 * @param folded the fields by their {@link #fold case-folded} name
 */
record Shape(Map<String, Shape> fields, Set<String> mandatory, Shape items, boolean objectLike,
        Map<String, String> folded) {

    private static final String MANDATORY = "(mandatory)";

    static Shape of(VendorSpec spec, JsonNode schema) {
        return of(spec, schema, 0);
    }

    private static Shape of(VendorSpec spec, JsonNode schema, int depth) {
        VendorSpec.requireDepth(depth, "");
        Map<String, Shape> fields = new LinkedHashMap<>();
        Set<String> mandatory = new LinkedHashSet<>();
        Shape[] items = new Shape[1];
        boolean[] object = new boolean[1];
        merge(spec, spec.resolve(schema), depth, fields, mandatory, items, object);
        Map<String, String> folded = new HashMap<>();
        fields.keySet().forEach(name -> folded.putIfAbsent(fold(name), name));
        return new Shape(Collections.unmodifiableMap(fields), Collections.unmodifiableSet(mandatory), items[0],
                object[0] || !fields.isEmpty(), Map.copyOf(folded));
    }

    /**
     * @return the field of this object that {@code name} is a case variant of ({@code PriorityClass},
     *         {@code priorityClaſs} with a long s), or {@code null}
     */
    String caseVariantOf(String name) {
        return folded.get(fold(name));
    }

    /**
     * Upper then lower case, code point by code point, as {@link String#equalsIgnoreCase} compares: the Kelvin sign and
     * the long s fold to {@code k} and {@code s} as they do in case-insensitive decoders (Go's {@code encoding/json}
     * matches field names with Unicode simple case folding).
     */
    static String fold(String name) {
        StringBuilder folded = new StringBuilder(name.length());
        name.codePoints().forEach(c -> folded.appendCodePoint(Character.toLowerCase(Character.toUpperCase(c))));
        return folded.toString();
    }

    private static void merge(VendorSpec spec, JsonNode schema, int depth, Map<String, Shape> fields,
            Set<String> mandatory, Shape[] items, boolean[] object) {
        object[0] |= "object".equals(schema.path("type").asText(null));
        for (JsonNode member : schema.path("allOf")) {
            merge(spec, spec.resolve(member), depth, fields, mandatory, items, object);
        }
        schema.path("properties").fields().forEachRemaining(property -> {
            fields.putIfAbsent(property.getKey(), of(spec, property.getValue(), depth + 1));
            if (saysMandatory(property.getValue()) || saysMandatory(spec.resolve(property.getValue()))) {
                mandatory.add(property.getKey());
            }
        });
        if (schema.has("items") && items[0] == null) {
            items[0] = of(spec, schema.get("items"), depth + 1);
        }
    }

    private static boolean saysMandatory(JsonNode schema) {
        return schema.path("description").asText("").contains(MANDATORY);
    }
}
