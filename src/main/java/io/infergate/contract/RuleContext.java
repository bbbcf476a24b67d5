package io.infergate.contract;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the rules of one {@link SemanticRules#check} run report to: the run's {@link Violations}, and the readers that
 * report as they read. {@link #inDocumentOrder} puts violations in the order of the body, whatever order the rules ran
 * in.
 */
final class RuleContext {

    private final Violations violations;

    RuleContext(Violations violations) {
        this.violations = violations;
    }

    /**
     * @throws Violations.Overflow when the run's list is full
     */
    void report(String pointer, String rule, String message) {
        violations.add(new Violation(pointer, rule, message));
    }

    /**
     * Reads a quantity field and reports {@value RuleIds#QUANTITY_INVALID} if Kubernetes would not accept it.
     *
     * @return the value, or {@code null} when the field is absent, not a string or invalid
     */
    BigDecimal quantity(JsonNode parent, String field, String pointer) {
        String text = RuleNodes.text(parent, field);
        if (text == null) {
            return null;
        }
        Optional<BigDecimal> value = Quantities.parse(text);
        if (value.isEmpty()) {
            report(pointer, RuleIds.QUANTITY_INVALID, field + " \"" + RuleNodes.shown(text)
                    + "\" is not a Kubernetes quantity: write a number with at most one unit, e.g. 512Mi, 4Gi, 1.5G or 1e9.");
            return null;
        }
        return value.get();
    }

    /**
     * Sorts by where each pointer leads in {@code body}: a field or element comes where it stands in the text; a pointer
     * to a missing field comes where its nearest existing ancestor starts. Ties keep the order of discovery.
     */
    static List<Violation> inDocumentOrder(JsonNode body, List<Violation> violations) {
        if (violations.size() < 2) {
            return List.copyOf(violations);
        }
        List<Positioned> positioned = new ArrayList<>(violations.size());
        for (Violation violation : violations) {
            positioned.add(new Positioned(violation, position(body, violation.pointer())));
        }
        positioned.sort(Comparator.comparing(Positioned::position, Arrays::compare));
        return positioned.stream()
                .map(Positioned::violation)
                .toList();
    }

    /** @return the index of each step (field rank in its object, or array index) down to the deepest existing node */
    static int[] position(JsonNode body, String pointer) {
        if (pointer.isEmpty()) {
            return new int[0];
        }
        String[] segments = pointer.substring(1).split("/", -1);
        int[] steps = new int[segments.length];
        int depth = 0;
        JsonNode node = body;
        for (String segment : segments) {
            int step = step(node, Pointers.unescape(segment));
            if (step < 0) {
                break;
            }
            steps[depth++] = step;
            node = node.isObject() ? node.get(Pointers.unescape(segment)) : node.get(step);
        }
        return Arrays.copyOf(steps, depth);
    }

    private static int step(JsonNode node, String segment) {
        if (node == null) {
            return -1;
        }
        if (node.isObject()) {
            int rank = 0;
            for (Iterator<String> names = node.fieldNames(); names.hasNext(); rank++) {
                if (names.next().equals(segment)) {
                    return rank;
                }
            }
            return -1;
        }
        if (node.isArray() && !segment.isEmpty() && segment.length() < 10
                && segment.chars().allMatch(c -> c >= '0' && c <= '9')) {
            int index = Integer.parseInt(segment);
            return index < node.size() ? index : -1;
        }
        return -1;
    }

    private record Positioned(Violation violation, int[] position) {
    }
}
