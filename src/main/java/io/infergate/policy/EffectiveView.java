package io.infergate.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.infergate.policy.EffectivePolicy.LeafPlan;
import io.infergate.policy.EffectivePolicy.ListPlan;

/**
 * Renders an effective policy as JSON in the shape of a policy file, so that it reads like one: {@code defaults} and
 * {@code rules} trees over the spec fields. As in Run:ai's effective policies, each rule carries
 * {@code sourceOfRule}; defaults, whose values cannot carry a marker, are traced in {@code sourceOfDefaults} by dotted
 * field path (an instance as {@code <list>.instances[<key>]}, an attribute default as
 * {@code <list>.attributes.<attribute>}).
 */
final class EffectiveView {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private EffectiveView() {
    }

    static ObjectNode render(EffectivePolicy effective) {
        ObjectNode view = JSON.objectNode();
        ArrayNode policies = view.putArray("policies");
        effective.policies().forEach(policy -> policies.addObject()
                .put("name", policy.name())
                .put("scope", policy.scope().label()));
        ObjectNode defaults = view.putObject("defaults");
        ObjectNode rules = view.putObject("rules");
        ObjectNode sources = view.putObject("sourceOfDefaults");
        for (LeafPlan leaf : effective.leaves()) {
            String path = String.join(".", leaf.segments());
            if (leaf.fallback() != null) {
                Bodies.put(defaults, path, leaf.fallback().value().deepCopy());
                sources.put(path, leaf.fallback().policyName());
            }
            if (leaf.rule() != null) {
                Bodies.put(rules, path, rule(leaf.rule()));
            }
        }
        for (ListPlan list : effective.lists()) {
            list(list, defaults, rules, sources);
        }
        return view;
    }

    private static void list(ListPlan list, ObjectNode defaults, ObjectNode rules, ObjectNode sources) {
        String path = list.field().path();
        if (!list.instances().isEmpty()) {
            ArrayNode instances = JSON.arrayNode();
            list.instances().forEach((key, item) -> {
                instances.add(item.value().deepCopy());
                sources.put(path + ".instances[" + key + "]", item.policyName());
            });
            Bodies.put(defaults, path + ".instances", instances);
        }
        if (list.rules() != null) {
            ObjectNode instances = JSON.objectNode();
            InstanceRules value = list.rules().value();
            if (value.canAdd() != null) {
                instances.put("canAdd", value.canAdd());
            }
            ArrayNode locked = instances.putArray("locked");
            value.locked().stream().sorted().forEach(locked::add);
            instances.set("sourceOfRule", source(list.rules()));
            Bodies.put(rules, path + ".instances", instances);
        }
        for (LeafPlan attribute : list.attributes()) {
            String name = path + ".attributes." + String.join(".", attribute.segments());
            if (attribute.fallback() != null) {
                Bodies.put(defaults, name, attribute.fallback().value().deepCopy());
                sources.put(name, attribute.fallback().policyName());
            }
            if (attribute.rule() != null) {
                Bodies.put(rules, name, rule(attribute.rule()));
            }
        }
    }

    private static ObjectNode rule(Sourced<FieldRule> sourced) {
        FieldRule rule = sourced.value();
        ObjectNode node = JSON.objectNode();
        if (rule.required() != null) {
            node.put("required", rule.required());
        }
        if (rule.canEdit() != null) {
            node.put("canEdit", rule.canEdit());
        }
        if (rule.min() != null) {
            node.set("min", bound(rule.field(), rule.min()));
        }
        if (rule.max() != null) {
            node.set("max", bound(rule.field(), rule.max()));
        }
        if (rule.step() != null) {
            node.put("step", rule.step());
        }
        if (!rule.options().isEmpty()) {
            ArrayNode options = node.putArray("options");
            rule.options().forEach(option -> {
                ObjectNode entry = options.addObject().put("value", option.value());
                if (option.displayed() != null) {
                    entry.put("displayed", option.displayed());
                }
            });
        }
        if (rule.defaultFrom() != null) {
            String source = rule.defaultFrom().source().path();
            String section = rule.field().path().startsWith("leader.") || rule.field().path().startsWith("worker.")
                    ? rule.field().path().substring(0, rule.field().path().indexOf('.') + 1)
                    : "";
            node.putObject("defaultFrom")
                    .put("field", source.substring(section.length()))
                    .put("factor", rule.defaultFrom().factor());
        }
        node.set("sourceOfRule", source(sourced));
        return node;
    }

    private static JsonNode bound(LeafField field, FieldRule.Bound bound) {
        return field.type() == ValueType.QUANTITY ? JSON.textNode(bound.text()) : JSON.numberNode(bound.value());
    }

    private static ObjectNode source(Sourced<?> sourced) {
        return JSON.objectNode()
                .put("policy", sourced.policyName())
                .put("scope", sourced.policy().scope().label());
    }
}
