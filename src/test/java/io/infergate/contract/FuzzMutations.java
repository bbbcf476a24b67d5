package io.infergate.contract;

import java.util.ArrayList;
import java.util.List;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Structural mutations of a valid request body, steered by the fuzzer's bytes: replace any node at any depth, delete a
 * field or element, add one, duplicate array elements. Starting from a valid body keeps most mutants deep inside the
 * contract, where the cross-field rules run, instead of failing at the first type check.
 */
final class FuzzMutations {

    /**
     * Names the contract uses (so an added field often lands on a real rule), their near misses (the "did you mean" path)
     * and names that are awkward in a JSON pointer.
     */
    private static final String[] FIELD_NAMES = {
            "name", "spec", "leader", "worker", "workers", "replicas", "image", "compute", "templateId", "projectId",
            "clusterId", "useGivenNameAsPrefix", "gpuRequestType", "gpuDevicesRequest", "gpuPortionRequest",
            "gpuPortionLimit", "gpuMemoryRequest", "gpuMemoryLimit", "cpuCoreRequest", "cpuCoreLimit", "cpuMemoryRequest",
            "cpuMemoryLimit", "extendedResources", "quantity", "storage", "pvc", "claimInfo", "size", "existingPvc",
            "ephemeral", "emptyDirVolume", "sizeLimit", "exclude", "environmentVariables", "value", "secret", "configMap",
            "podFieldRef", "userCredential", "nodeAffinityRequired", "nodeSelectorTerms", "matchExpressions", "operator",
            "values", "tolerations", "effect", "seconds", "security", "seccompProfileType", "servingPort",
            "authorizationType", "authorizedUsers", "authorizedGroups", "port", "imagee", "Image", "replica", "", " ", "~",
            "/", "a/b", "~0~1", "~01", "0", "-", "$ref", "__proto__", "\u0000", "\ud83d\ude00" };

    private FuzzMutations() {
    }

    /**
     * @param body a valid request body, left untouched
     * @param donor where transplanted subtrees come from (a valid value of the wrong field is a good mutant)
     * @return a mutated copy of {@code body}
     */
    static ObjectNode mutate(ObjectNode body, JsonNode donor, FuzzedDataProvider data) {
        ObjectNode copy = body.deepCopy();
        int count = data.consumeInt(1, 4);
        for (int i = 0; i < count; i++) {
            switch (data.consumeInt(0, 3)) {
                case 0 -> replace(copy, donor, data);
                case 1 -> delete(copy, data);
                case 2 -> add(copy, donor, data);
                default -> duplicate(copy, data);
            }
        }
        return copy;
    }

    /**
     * @return a field name, mostly one the contract knows
     */
    static String fieldName(FuzzedDataProvider data) {
        return data.consumeBoolean() ? data.pickValue(FIELD_NAMES) : data.consumeString(12);
    }

    private static void replace(ObjectNode body, JsonNode donor, FuzzedDataProvider data) {
        List<Slot> slots = slots(body);
        if (!slots.isEmpty()) {
            data.pickValue(slots).set(value(donor, data));
        }
    }

    private static void delete(ObjectNode body, FuzzedDataProvider data) {
        List<Slot> slots = slots(body);
        if (!slots.isEmpty()) {
            data.pickValue(slots).remove();
        }
    }

    private static void add(ObjectNode body, JsonNode donor, FuzzedDataProvider data) {
        List<ContainerNode<?>> containers = new ArrayList<>();
        containers.add(body);
        for (Slot slot : slots(body)) {
            if (slot.value() instanceof ContainerNode<?> container) {
                containers.add(container);
            }
        }
        ContainerNode<?> target = data.pickValue(containers);
        JsonNode value = value(donor, data);
        if (target instanceof ObjectNode object) {
            object.set(fieldName(data), value);
        } else {
            ArrayNode array = (ArrayNode) target;
            array.insert(data.consumeInt(0, array.size()), value);
        }
    }

    private static void duplicate(ObjectNode body, FuzzedDataProvider data) {
        List<ArrayNode> arrays = new ArrayList<>();
        for (Slot slot : slots(body)) {
            if (slot.value() instanceof ArrayNode array && !array.isEmpty()) {
                arrays.add(array);
            }
        }
        if (arrays.isEmpty()) {
            return;
        }
        ArrayNode array = data.pickValue(arrays);
        int copies = data.consumeInt(1, 3);
        for (int i = 0; i < copies; i++) {
            JsonNode element = array.get(data.consumeInt(0, array.size() - 1));
            array.insert(data.consumeInt(0, array.size()), element.deepCopy());
        }
    }

    private static JsonNode value(JsonNode donor, FuzzedDataProvider data) {
        if (data.consumeInt(0, 3) == 0) {
            List<Slot> slots = slots(donor);
            if (!slots.isEmpty()) {
                return data.pickValue(slots).value().deepCopy();
            }
        }
        return FuzzValues.node(data);
    }

    /**
     * @return every member and element below {@code root}, at any depth, parents before children
     */
    private static List<Slot> slots(JsonNode root) {
        List<Slot> slots = new ArrayList<>();
        collect(root, slots);
        return slots;
    }

    private static void collect(JsonNode node, List<Slot> slots) {
        if (node instanceof ObjectNode object) {
            object.fieldNames().forEachRemaining(field -> slots.add(new Slot(object, field, -1)));
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                slots.add(new Slot(array, null, i));
            }
        } else {
            return;
        }
        int end = slots.size();
        for (int i = end - node.size(); i < end; i++) {
            collect(slots.get(i).value(), slots);
        }
    }

    /**
     * One place in a tree: a field of an object or an element of an array.
     */
    private record Slot(ContainerNode<?> parent, String field, int index) {

        JsonNode value() {
            return field != null ? parent.get(field) : parent.get(index);
        }

        void set(JsonNode value) {
            if (parent instanceof ObjectNode object) {
                object.set(field, value);
            } else {
                ((ArrayNode) parent).set(index, value);
            }
        }

        void remove() {
            if (parent instanceof ObjectNode object) {
                object.remove(field);
            } else {
                ((ArrayNode) parent).remove(index);
            }
        }
    }
}
