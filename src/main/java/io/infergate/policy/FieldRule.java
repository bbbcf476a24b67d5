package io.infergate.policy;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The rules one policy sets on one leaf field or item attribute. Absent rules are null (or an empty option list).
 *
 * @param field the field the rules are about
 * @param required whether the merged body must have a value (an array at least one item)
 * @param canEdit whether a request may differ from the policy default; null leaves the value type's default
 *        (docs/runai-control-plane.md §4.2)
 * @param min lowest value, for numbers and quantities
 * @param max highest value, for numbers and quantities
 * @param step allowed gap between values, counted from {@code min} (or 0); numbers only
 * @param options allowed values of a string, or of each item of an array
 * @param defaultFrom a default computed from another field
 */
record FieldRule(LeafField field, Boolean required, Boolean canEdit, Bound min, Bound max, BigDecimal step,
        List<Option> options, DefaultFrom defaultFrom) {

    FieldRule {
        Objects.requireNonNull(field, "field");
        options = List.copyOf(options);
        if (min != null && max != null && min.value().compareTo(max.value()) > 0) {
            throw new IllegalArgumentException("min " + min.text() + " is greater than max " + max.text());
        }
        if (step != null && step.signum() <= 0) {
            throw new IllegalArgumentException("step must be greater than 0, was " + step);
        }
    }

    /**
     * A number or quantity bound.
     *
     * @param value the bound in base units
     * @param text the bound as written in the policy file
     */
    record Bound(BigDecimal value, String text) {
        Bound {
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(text, "text");
        }
    }

    /**
     * An allowed value.
     *
     * @param value the value
     * @param displayed how a UI shows it; null when not given
     */
    record Option(String value, String displayed) {
        Option {
            Objects.requireNonNull(value, "value");
        }
    }

    /**
     * A default computed as {@code factor} times another field of the same section (spec, leader or worker).
     *
     * @param source the field read, as a dotted path below {@code spec}
     * @param factor multiplier
     */
    record DefaultFrom(LeafField source, BigDecimal factor) {
        DefaultFrom {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(factor, "factor");
        }
    }

    /**
     * @return whether a request may change a policy default of this field
     */
    boolean editable() {
        return canEdit != null ? canEdit : field.type().editableByDefault();
    }

    /**
     * @return the names of the rules that check a value (not {@code canEdit} or {@code defaultFrom}), in a stable
     *         order
     */
    List<String> checks() {
        List<String> names = new java.util.ArrayList<>(5);
        if (Boolean.TRUE.equals(required)) {
            names.add("required");
        }
        if (min != null) {
            names.add("min");
        }
        if (max != null) {
            names.add("max");
        }
        if (step != null) {
            names.add("step");
        }
        if (!options.isEmpty()) {
            names.add("options");
        }
        return names;
    }

    /**
     * Checks a merged value against {@code required}, {@code min}, {@code max}, {@code step} and {@code options}.
     *
     * @param value the value, null when the field is empty
     * @param issue receives the rule broken and a sentence for each problem
     */
    void check(JsonNode value, BiConsumer<String, String> issue) {
        boolean empty = Values.isEmpty(value) || value.isArray() && value.isEmpty();
        if (empty) {
            if (Boolean.TRUE.equals(required)) {
                issue.accept("required", "A value is required here and no policy default provides one.");
            }
            return;
        }
        BigDecimal number = Values.amount(field.type(), value);
        if (number != null) {
            checkBounds(number, value, issue);
        }
        if (!options.isEmpty()) {
            checkOptions(value, issue);
        }
    }

    private void checkBounds(BigDecimal number, JsonNode value, BiConsumer<String, String> issue) {
        String shown = value.asText();
        if (min != null && number.compareTo(min.value()) < 0) {
            issue.accept("min", "Must be at least " + min.text() + "; got " + shown + ".");
        }
        if (max != null && number.compareTo(max.value()) > 0) {
            issue.accept("max", "Must be at most " + max.text() + "; got " + shown + ".");
        }
        if (step != null) {
            BigDecimal base = min == null ? BigDecimal.ZERO : min.value();
            if (number.subtract(base).remainder(step).signum() != 0) {
                issue.accept("step", "Must be " + base.toPlainString() + " plus a multiple of "
                        + step.toPlainString() + "; got " + shown + ".");
            }
        }
    }

    private void checkOptions(JsonNode value, BiConsumer<String, String> issue) {
        if (value.isArray()) {
            for (JsonNode item : value) {
                if (!allows(item.asText())) {
                    issue.accept("options", "Each item must be one of " + optionList() + "; got "
                            + item.asText() + ".");
                }
            }
        } else if (!allows(value.asText())) {
            issue.accept("options", "Must be one of " + optionList() + "; got " + value.asText() + ".");
        }
    }

    private boolean allows(String value) {
        for (Option option : options) {
            if (option.value().equals(value)) {
                return true;
            }
        }
        return false;
    }

    private String optionList() {
        return options.stream().map(Option::value).collect(Collectors.joining(", "));
    }
}
