package io.infergate.policy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One compiled policy. Fields are named by their dotted path below {@code spec}; an attribute of an itemised list is
 * named {@code <list path>[].<attribute path>}, e.g. {@code leader.compute.extendedResources[].quantity}. The JSON
 * values held here are never handed out: the merge copies them into the bodies it builds.
 *
 * @param name unique in the file
 * @param scope where it applies
 * @param defaults default values of leaf fields and of item attributes
 * @param instances default items of itemised lists: list path, then item key, then the item
 * @param rules rules of leaf fields and of item attributes
 * @param instanceRules {@code canAdd} and {@code locked} of itemised lists, by list path
 */
record Policy(String name, Scope scope, Map<String, JsonNode> defaults, Map<String, Map<String, ObjectNode>> instances,
        Map<String, FieldRule> rules, Map<String, InstanceRules> instanceRules) {

    /** Separates an itemised list's path from an attribute's path in a field name. */
    static final String ATTRIBUTE = "[].";

    /**
     * @param list the itemised list whose item attribute {@code field} is, or {@code null} for a field of its own
     * @return the key of the field's default or rule: its path, or for an attribute the list's
     *         {@link #attributePrefix} and the attribute's path
     */
    static String key(ItemizedField list, LeafField field) {
        return list == null ? field.path() : attributePrefix(list) + field.path();
    }

    /**
     * @return how the keys of an itemised list's attributes start
     */
    static String attributePrefix(ItemizedField list) {
        return list.path() + ATTRIBUTE;
    }

    Policy {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(scope, "scope");
        defaults = frozen(defaults);
        Map<String, Map<String, ObjectNode>> items = new LinkedHashMap<>();
        instances.forEach((path, byKey) -> items.put(path, frozen(byKey)));
        instances = Collections.unmodifiableMap(items);
        rules = frozen(rules);
        instanceRules = frozen(instanceRules);
    }

    /** Keeps the file's order, which the merged lists and the effective policy show. */
    private static <V> Map<String, V> frozen(Map<String, V> map) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
