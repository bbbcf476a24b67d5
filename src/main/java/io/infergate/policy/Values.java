package io.infergate.policy;

import java.math.BigDecimal;

import com.fasterxml.jackson.databind.JsonNode;

import io.infergate.contract.Quantity;

/**
 * How the merge reads values of the value types.
 */
final class Values {

    private Values() {
    }

    /**
     * @return whether a request leaves the field empty: absent or null (docs/runai-control-plane.md §4.3: defaults fill only
     *         those)
     */
    static boolean isEmpty(JsonNode value) {
        return value == null || value.isNull() || value.isMissingNode();
    }

    /**
     * @return the value as an amount to compare with bounds: the number, or the quantity in base units; null when the
     *         value is not one (the contract check reports that)
     */
    static BigDecimal amount(ValueType type, JsonNode value) {
        if (type.numeric()) {
            return value.isNumber() ? value.decimalValue() : null;
        }
        if (type == ValueType.QUANTITY) {
            if (value.isNumber()) {
                return value.decimalValue();
            }
            return value.isTextual() ? Quantity.parse(value.asText()).map(Quantity::value).orElse(null) : null;
        }
        return null;
    }

    /**
     * @return whether two values are the same for {@code canEdit}: numbers by value ({@code 1} equals {@code 1.0}),
     *         quantities by amount ({@code 1Gi} equals {@code 1024Mi}), anything else as JSON
     */
    static boolean same(ValueType type, JsonNode a, JsonNode b) {
        BigDecimal left = amount(type, a);
        BigDecimal right = amount(type, b);
        if (left != null && right != null) {
            return left.compareTo(right) == 0;
        }
        return a.equals(b);
    }
}
