package io.infergate.policy;

import java.util.Locale;
import java.util.Set;

/**
 * The value types of the Run:ai policy reference (docs/runai-control-plane.md §4.2), each with the rule keys it accepts. An
 * enum-string is a {@link #STRING} whose options must come from the vendor enum; itemised lists are
 * {@link ItemizedField}s, not a value type.
 */
enum ValueType {
    STRING(Set.of("required", "canEdit", "options")),
    INTEGER(Set.of("required", "canEdit", "min", "max", "step", "defaultFrom")),
    NUMBER(Set.of("required", "canEdit", "min", "max", "step", "defaultFrom")),
    QUANTITY(Set.of("required", "canEdit", "min", "max", "defaultFrom")),
    BOOLEAN(Set.of("required", "canEdit")),
    /** A list treated as one value (nodePools, capabilities, authorizedUsers): {@code options} bound each item. */
    ARRAY(Set.of("required", "canEdit", "options")),
    /** An object policies treat as one value (nodeAffinityRequired). */
    OBJECT(Set.of("required", "canEdit"));

    private final Set<String> ruleKeys;

    ValueType(Set<String> ruleKeys) {
        this.ruleKeys = ruleKeys;
    }

    Set<String> ruleKeys() {
        return ruleKeys;
    }

    /**
     * docs/runai-control-plane.md §4.2: arrays and arbitrary objects may not be changed from a policy default unless a rule
     * says
     * {@code canEdit: true}; every other type may.
     */
    boolean editableByDefault() {
        return this != ARRAY && this != OBJECT;
    }

    boolean numeric() {
        return this == INTEGER || this == NUMBER;
    }

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @return the label with its indefinite article, e.g. {@code an integer}
     */
    String withArticle() {
        return ("aeiou".indexOf(label().charAt(0)) >= 0 ? "an " : "a ") + label();
    }
}
