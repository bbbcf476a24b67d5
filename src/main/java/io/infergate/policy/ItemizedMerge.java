package io.infergate.policy;

import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.infergate.policy.EffectivePolicy.LeafPlan;
import io.infergate.policy.EffectivePolicy.ListPlan;

/**
 * Merges an itemised list by key (docs/runai-control-plane.md §4.3, item 3, the Run:ai "Itemized" section):
 * <ul>
 * <li>a request item whose key matches a policy instance keeps its own attributes and takes the instance's for the
 * rest; a {@code locked} instance may not be changed;</li>
 * <li>a request item with {@code exclude: true} drops the policy instance of that key, unless the key is
 * {@code locked}; the marker itself is passed on untouched, so that the control plane drops its own default of that
 * key too;</li>
 * <li>a request item with a key no instance has is an addition, refused when {@code canAdd} is false;</li>
 * <li>policy instances the request does not mention are appended after the request's items, so every request item
 * keeps its index and the pointers of issues point at what the caller sent;</li>
 * <li>{@code attributes} defaults fill the missing attributes of every item, then attribute rules check them.</li>
 * </ul>
 */
final class ItemizedMerge {

    private final Merge merge;

    ItemizedMerge(Merge merge) {
        this.merge = merge;
    }

    void merge(ObjectNode spec, ListPlan plan) {
        String[] segments = plan.segments();
        ObjectNode parent = Bodies.parent(spec, segments, !plan.instances().isEmpty());
        if (parent == null) {
            return;
        }
        String name = segments[segments.length - 1];
        JsonNode current = parent.get(name);
        if (!Values.isEmpty(current) && !current.isArray()) {
            return;
        }
        ArrayNode merged = JsonNodeFactory.instance.arrayNode();
        Set<String> mentioned = new HashSet<>();
        if (current != null && current.isArray()) {
            for (JsonNode item : current) {
                String pointer = plan.pointer() + "/" + merged.size();
                if (item.isObject()) {
                    requestItem(plan, (ObjectNode) item, pointer, mentioned);
                }
                merged.add(item);
            }
        }
        for (Map.Entry<String, Sourced<ObjectNode>> instance : plan.instances().entrySet()) {
            if (!mentioned.contains(instance.getKey())) {
                String pointer = plan.pointer() + "/" + merged.size();
                ObjectNode item = instance.getValue().value().deepCopy();
                merge.applied.add(new Applied(pointer, instance.getValue().policyName(), Applied.Action.DEFAULT,
                        "instance"));
                attributes(plan, item, pointer, false);
                merged.add(item);
            }
        }
        if (current != null || !merged.isEmpty()) {
            parent.set(name, merged);
        }
    }

    private void requestItem(ListPlan plan, ObjectNode item, String pointer, Set<String> mentioned) {
        JsonNode keyNode = item.get(plan.field().keyField());
        String key = Values.isEmpty(keyNode) ? null : keyNode.asText();
        Sourced<ObjectNode> instance = key == null ? null : plan.instances().get(key);
        if (instance != null) {
            mentioned.add(key);
        }
        if (item.path("exclude").asBoolean(false)) {
            if (instance != null && plan.locked(key)) {
                merge.issue(pointer + "/exclude", "locked", "The item " + key + " is locked by policy and cannot"
                        + " be excluded.", plan.rules().policyName());
            }
            return;
        }
        if (instance != null) {
            if (plan.locked(key) && changes(item, instance.value())) {
                merge.issue(pointer, "locked", "The item " + key + " is locked by policy: its values cannot be"
                        + " changed from " + instance.value() + ".", plan.rules().policyName());
            }
            if (fillMissing(item, instance.value())) {
                merge.applied.add(new Applied(pointer, instance.policyName(), Applied.Action.DEFAULT, "instance"));
            }
        } else if (plan.rules() != null && !plan.rules().value().addingAllowed()) {
            String provided = plan.instances().isEmpty() ? "none" : String.join(", ", plan.instances().keySet());
            merge.issue(pointer, "canAdd", "No items can be added here beyond those the policy provides ("
                    + provided + "); remove " + (key == null ? "this item" : key) + ".", plan.rules().policyName());
        }
        attributes(plan, item, pointer, instance == null);
    }

    private void attributes(ListPlan plan, ObjectNode item, String pointer, boolean checkEdits) {
        for (LeafPlan attribute : plan.attributes()) {
            merge.fill(item, attribute, pointer, checkEdits);
            merge.check(item, attribute, pointer);
        }
    }

    /**
     * @return whether the request item sets an attribute to something the locked instance does not have
     */
    private static boolean changes(ObjectNode item, ObjectNode instance) {
        for (Iterator<Map.Entry<String, JsonNode>> it = item.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            if (!field.getKey().equals("exclude") && !Values.isEmpty(field.getValue())
                    && !field.getValue().equals(instance.get(field.getKey()))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Copies the instance's attributes the item leaves empty, object by object.
     *
     * @return whether anything was copied
     */
    private static boolean fillMissing(ObjectNode item, ObjectNode instance) {
        boolean filled = false;
        for (Iterator<Map.Entry<String, JsonNode>> it = instance.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode own = item.get(field.getKey());
            if (Values.isEmpty(own)) {
                item.set(field.getKey(), field.getValue().deepCopy());
                filled = true;
            } else if (own.isObject() && field.getValue().isObject()) {
                filled |= fillMissing((ObjectNode) own, (ObjectNode) field.getValue());
            }
        }
        return filled;
    }
}
