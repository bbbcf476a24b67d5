package io.infergate.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Reads and writes fields of JSON trees by dotted path or path segments.
 */
final class Bodies {

    private Bodies() {
    }

    /**
     * Sets a field, creating the objects on the way.
     */
    static void put(ObjectNode root, String dottedPath, JsonNode value) {
        String[] segments = dottedPath.split("\\.");
        ObjectNode parent = parent(root, segments, true);
        if (parent != null) {
            parent.set(segments[segments.length - 1], value);
        }
    }

    /**
     * @return the value at the segments, or null when any step is missing or not an object
     */
    static JsonNode get(JsonNode root, String[] segments) {
        JsonNode current = root;
        for (String segment : segments) {
            if (current == null || !current.isObject()) {
                return null;
            }
            current = current.get(segment);
        }
        return current;
    }

    /**
     * @param create whether to create missing (absent or null) objects on the way
     * @return the object that holds the last segment; null when it is missing and not created, or when a step holds
     *         something other than an object (the contract check reports that)
     */
    static ObjectNode parent(ObjectNode root, String[] segments, boolean create) {
        ObjectNode current = root;
        for (int i = 0; i < segments.length - 1; i++) {
            JsonNode next = current.get(segments[i]);
            if (Values.isEmpty(next)) {
                if (!create) {
                    return null;
                }
                next = current.putObject(segments[i]);
            }
            if (!next.isObject()) {
                return null;
            }
            current = (ObjectNode) next;
        }
        return current;
    }

    /**
     * @return the JSON pointer of a dotted path below {@code spec}; spec field names hold neither {@code /} nor
     *         {@code ~}, so nothing needs escaping
     */
    static String pointer(String dottedPath) {
        return "/spec/" + dottedPath.replace('.', '/');
    }
}
