package io.infergate.contract;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One value in a body, by pointer: read, replaced or removed, for tests that break a body value by value.
 */
record Slot(ObjectNode root, String pointer) {

    /**
     * @return the pointer of every value of {@code body}, containers included, except the root
     */
    static List<String> pointers(JsonNode body) {
        return pointers(body, "");
    }

    /**
     * @return the pointer of every value below {@code node}, which sits at {@code at}
     */
    static List<String> pointers(JsonNode node, String at) {
        List<String> pointers = new ArrayList<>();
        collect(node, at, pointers);
        return pointers;
    }

    private static void collect(JsonNode node, String at, List<String> pointers) {
        if (node.isObject()) {
            node.fieldNames().forEachRemaining(name -> {
                String child = Pointers.child(at, name);
                pointers.add(child);
                collect(node.get(name), child, pointers);
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String child = Pointers.child(at, i);
                pointers.add(child);
                collect(node.get(i), child, pointers);
            }
        }
    }

    JsonNode value() {
        return root.at(pointer);
    }

    void set(JsonNode value) {
        JsonNode parent = parent();
        if (parent instanceof ObjectNode object) {
            object.set(key(), value);
        } else if (parent instanceof ArrayNode array) {
            array.set(Integer.parseInt(key()), value);
        }
    }

    void remove() {
        JsonNode parent = parent();
        if (parent instanceof ObjectNode object) {
            object.remove(key());
        } else if (parent instanceof ArrayNode array) {
            array.remove(Integer.parseInt(key()));
        }
    }

    private JsonNode parent() {
        return root.at(pointer.substring(0, pointer.lastIndexOf('/')));
    }

    private String key() {
        return Pointers.unescape(pointer.substring(pointer.lastIndexOf('/') + 1));
    }
}
