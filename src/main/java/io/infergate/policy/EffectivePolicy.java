package io.infergate.policy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The policies that apply to one (cluster, project), merged once into what the merge walks: for every field with a
 * default or a rule, the winning default (the lowest scope's) and the one rule owner, each with its policy.
 *
 * @param policies the policies in force, widest scope first
 * @param leaves leaf fields with a default or rule; {@code worker} fields last, so that the worker gate sees the
 *        merged {@code workers}
 * @param lists itemised lists with instances, attribute defaults or rules; {@code worker} lists last
 */
record EffectivePolicy(List<Policy> policies, List<LeafPlan> leaves, List<ListPlan> lists) {

    EffectivePolicy {
        policies = List.copyOf(policies);
        leaves = List.copyOf(leaves);
        lists = List.copyOf(lists);
    }

    /**
     * A leaf field (or item attribute) to fill and check.
     *
     * @param field the field
     * @param segments its path split at dots
     * @param pointer its JSON pointer in a create body (for an attribute: below the item)
     * @param fallback the winning default, or null
     * @param rule the rules, or null
     */
    record LeafPlan(LeafField field, String[] segments, String pointer, Sourced<JsonNode> fallback,
            Sourced<FieldRule> rule) {

        boolean underWorker() {
            return segments[0].equals("worker");
        }
    }

    /**
     * An itemised list to merge by key.
     *
     * @param field the list
     * @param segments its path split at dots
     * @param pointer its JSON pointer in a create body
     * @param instances default items by key, lower scopes replacing wider ones' items of the same key
     * @param rules {@code canAdd} and {@code locked}, or null
     * @param attributes defaults and rules of item attributes
     */
    record ListPlan(ItemizedField field, String[] segments, String pointer, Map<String, Sourced<ObjectNode>> instances,
            Sourced<InstanceRules> rules, List<LeafPlan> attributes) {

        boolean underWorker() {
            return segments[0].equals("worker");
        }

        boolean locked(String key) {
            return rules != null && rules.value().locked().contains(key);
        }
    }

    /**
     * @param policies the applicable policies, widest scope first (so that later, lower ones win defaults)
     * @param catalog the fields of the vendor spec
     */
    static EffectivePolicy of(List<Policy> policies, SpecCatalog catalog) {
        Map<String, Sourced<JsonNode>> defaults = new LinkedHashMap<>();
        Map<String, Sourced<FieldRule>> rules = new LinkedHashMap<>();
        Map<String, Map<String, Sourced<ObjectNode>>> instances = new LinkedHashMap<>();
        Map<String, Sourced<InstanceRules>> instanceRules = new LinkedHashMap<>();
        for (Policy policy : policies) {
            policy.defaults().forEach((path, value) -> defaults.put(path, new Sourced<>(value, policy)));
            policy.rules().forEach((path, rule) -> rules.put(path, new Sourced<>(rule, policy)));
            policy.instances().forEach((path, byKey) -> byKey.forEach((key, item) -> instances
                    .computeIfAbsent(path, p -> new LinkedHashMap<>()).put(key, new Sourced<>(item, policy))));
            policy.instanceRules().forEach((path, rule) -> instanceRules.put(path, new Sourced<>(rule, policy)));
        }
        Set<String> leafPaths = new LinkedHashSet<>();
        Set<String> listPaths = new LinkedHashSet<>(instances.keySet());
        listPaths.addAll(instanceRules.keySet());
        for (String path : concat(defaults.keySet(), rules.keySet())) {
            int attribute = path.indexOf(Policy.ATTRIBUTE);
            (attribute < 0 ? leafPaths : listPaths).add(attribute < 0 ? path : path.substring(0, attribute));
        }
        List<LeafPlan> leaves = new ArrayList<>();
        for (String path : leafPaths) {
            Sourced<FieldRule> rule = rules.get(path);
            Sourced<JsonNode> fallback = defaults.get(path);
            LeafField field = rule != null ? rule.value().field() : null;
            leaves.add(new LeafPlan(field != null ? field : (LeafField) catalog.field(path), path.split("\\."),
                    Bodies.pointer(path), fallback, rule));
        }
        List<ListPlan> lists = new ArrayList<>();
        for (String path : listPaths) {
            lists.add(list((ItemizedField) catalog.field(path), instances.getOrDefault(path, Map.of()), instanceRules.get(path),
                    defaults, rules));
        }
        leaves.sort(Comparator.comparing(LeafPlan::underWorker));
        lists.sort(Comparator.comparing(ListPlan::underWorker));
        return new EffectivePolicy(policies, leaves, lists);
    }

    private static ListPlan list(ItemizedField field, Map<String, Sourced<ObjectNode>> instances,
            Sourced<InstanceRules> instanceRules, Map<String, Sourced<JsonNode>> defaults,
            Map<String, Sourced<FieldRule>> rules) {
        String path = field.path();
        String prefix = path + Policy.ATTRIBUTE;
        List<LeafPlan> attributes = new ArrayList<>();
        field.attributes().forEach((name, attribute) -> {
            Sourced<JsonNode> fallback = defaults.get(prefix + name);
            Sourced<FieldRule> rule = rules.get(prefix + name);
            if (fallback != null || rule != null) {
                attributes.add(new LeafPlan(attribute, name.split("\\."), "/" + name.replace('.', '/'), fallback,
                        rule));
            }
        });
        return new ListPlan(field, path.split("\\."), Bodies.pointer(path), new LinkedHashMap<>(instances),
                instanceRules, attributes);
    }

    private static Set<String> concat(Set<String> a, Set<String> b) {
        Set<String> all = new LinkedHashSet<>(a);
        all.addAll(b);
        return all;
    }
}
