package io.infergate.contract;

import java.math.BigDecimal;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Type-tolerant reads of a request tree and RFC 6901 pointers for the semantic rules.
 * <p>
 * Every accessor answers {@code null} (or {@code false}) for a missing parent, a missing field and a value of the wrong
 * type alike: the schema layer reports type errors, so a rule that meets one simply does not apply.
 */
final class RuleNodes {

    private RuleNodes() {
    }

    /** @return whether the field is present with a non-null value of any type */
    static boolean isSet(JsonNode parent, String field) {
        JsonNode value = parent == null ? null : parent.get(field);
        return value != null && !value.isNull();
    }

    /** @return the field if it is an object */
    static JsonNode object(JsonNode parent, String field) {
        JsonNode value = parent == null ? null : parent.get(field);
        return value != null && value.isObject() ? value : null;
    }

    /** @return the field if it is an array */
    static JsonNode array(JsonNode parent, String field) {
        JsonNode value = parent == null ? null : parent.get(field);
        return value != null && value.isArray() ? value : null;
    }

    /** @return the field if it is a string */
    static String text(JsonNode parent, String field) {
        JsonNode value = parent == null ? null : parent.get(field);
        return value != null && value.isTextual() ? value.textValue() : null;
    }

    /** @return the field if it is a finite number, exactly */
    static BigDecimal number(JsonNode parent, String field) {
        JsonNode value = parent == null ? null : parent.get(field);
        if (value == null || !value.isNumber()) {
            return null;
        }
        if ((value.isDouble() || value.isFloat()) && !Double.isFinite(value.doubleValue())) {
            return null;
        }
        return value.decimalValue();
    }

    /** @return whether the field is the boolean {@code true} */
    static boolean isTrue(JsonNode parent, String field) {
        JsonNode value = parent == null ? null : parent.get(field);
        return value != null && value.isBoolean() && value.booleanValue();
    }

    /**
     * @return whether the field is the boolean {@code false}, or absent or null, which the schema defaults to false
     */
    static boolean isFalseOrDefault(JsonNode parent, String field) {
        JsonNode value = parent == null ? null : parent.get(field);
        return value == null || value.isNull() || value.isBoolean() && !value.booleanValue();
    }

    /**
     * An item with {@code exclude: true} only removes an item inherited from a policy default, so its other fields
     * never reach the workload and no rule about them applies.
     */
    static boolean isExcluded(JsonNode item) {
        return isTrue(item, "exclude");
    }

    /** @return the value for a message, cut short so a long or hostile string cannot flood the error body */
    static String shown(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "...";
    }
}
