package io.infergate.policy;

import java.util.List;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;

import io.infergate.contract.Quantity;

/**
 * Checks a value written in a policy file against the value type of its field, and turns YAML scalars into the JSON
 * type the contract wants: {@code quantity: 5} in YAML is a number, but a quantity is a string in the contract.
 */
final class FieldValues {

    private FieldValues() {
    }

    /**
     * @param field the field the value is for
     * @param value the value from the file
     * @param problem receives a sentence when the value does not fit the field
     * @return the value to use, or null when it does not fit
     */
    static JsonNode fit(LeafField field, JsonNode value, Consumer<String> problem) {
        if (Values.isEmpty(value)) {
            problem.accept("a default cannot be null: leave the field out instead");
            return null;
        }
        ValueType type = field.type();
        if (type == ValueType.STRING || type == ValueType.QUANTITY) {
            if (!value.isValueNode()) {
                problem.accept("must be " + type.withArticle() + ", got " + value);
                return null;
            }
            String text = value.asText();
            if (type == ValueType.QUANTITY && Quantity.parse(text).isEmpty()) {
                problem.accept("\"" + text + "\" is not a quantity such as 500m, 4Gi or 2");
                return null;
            }
            return allowed(field.allowed(), text, problem) ? TextNode.valueOf(text) : null;
        }
        if (type == ValueType.ARRAY) {
            return array(field, value, problem);
        }
        boolean fits = type == ValueType.INTEGER && value.isIntegralNumber()
                || type == ValueType.NUMBER && value.isNumber()
                || type == ValueType.BOOLEAN && value.isBoolean()
                || type == ValueType.OBJECT && value.isObject();
        if (!fits) {
            problem.accept("must be " + type.withArticle() + ", got " + value);
            return null;
        }
        return value;
    }

    private static JsonNode array(LeafField field, JsonNode value, Consumer<String> problem) {
        if (!value.isArray()) {
            problem.accept("must be a list, got " + value);
            return null;
        }
        ArrayNode copy = JsonNodeFactory.instance.arrayNode(value.size());
        for (JsonNode item : value) {
            if (item.isValueNode() && !item.isNull() && allowed(field.allowed(), item.asText(), problem)) {
                copy.add(item.isTextual() ? item : TextNode.valueOf(item.asText()));
            } else if (item.isContainerNode() || item.isNull()) {
                copy.add(item);
            }
        }
        return copy.size() == value.size() ? copy : null;
    }

    /**
     * @return whether a string is one of an enum's values (any string when the field has no enum)
     */
    static boolean allowed(List<String> values, String text, Consumer<String> problem) {
        if (values.isEmpty() || values.contains(text)) {
            return true;
        }
        problem.accept("\"" + text + "\" is not one of the values the vendor contract allows: "
                + String.join(", ", values));
        return false;
    }
}
